import app from '@adonisjs/core/services/app'
import { configProvider } from '@adonisjs/core'
import SessionMiddleware from '@adonisjs/session/session_middleware'

/**
 * The test runner keeps sessions in memory (its API client reads them there); this
 * switches the server to the PostgreSQL store until the returned function restores it.
 */
export async function usingDatabaseSessions() {
  const config = await configProvider.resolve<any>(app, app.config.get('session'))
  const emitter = await app.container.make('emitter')
  app.container.swap(
    SessionMiddleware,
    () => new SessionMiddleware({ ...config, store: 'database' }, emitter)
  )
  return () => app.container.restore(SessionMiddleware)
}
