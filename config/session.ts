import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

/**
 * Sessions live in PostgreSQL (table `sessions`) so the app stays stateless and a
 * deactivated user's sessions can be ended at once.
 */
export default defineConfig({
  enabled: true,
  cookieName: 'vaxelnavet-session',
  clearWithBrowser: true,
  age: '8h',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: env.get('SESSION_DRIVER', 'database'),
  stores: {
    cookie: stores.cookie(),
    database: stores.database(),
  },
})
