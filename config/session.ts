import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { configProvider } from '@adonisjs/core'
import { defineConfig, stores } from '@adonisjs/session'

/** A session ends this long after login whatever the activity (beside the idle `age`). */
export const SESSION_LIFETIME = '12h'

/**
 * Signed-in sessions live in PostgreSQL (table `sessions`, our own store: it does not
 * write on every request) so the app stays stateless and a deactivated user's sessions can
 * be ended at once, and a session lasts at most SESSION_LIFETIME (12 h) besides the 8 h idle
 * timeout; a visitor's session (before login) is an encrypted cookie, so anonymous
 * requests store nothing. `cookie` is there for a database-less try-out only (idle timeout
 * only).
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
    database: configProvider.create(async (application) => {
      const { PostgresSessionStore } = await import('#services/session_store')
      const db = await application.container.make('lucid.db')
      return (ctx, config) =>
        new PostgresSessionStore(db, config.age, SESSION_LIFETIME, {
          ctx,
          cookie: config.cookie,
          cookieName: config.cookieName,
        })
    }),
  },
})
