import { defineConfig } from '@adonisjs/lucid'
import { databaseSettings } from '#services/database_settings'

/**
 * PostgreSQL only. Where it lives (external server or the embedded one under tmp/) is
 * decided in app/services/database_settings.ts from DATABASE_URL / DB_* variables.
 */
export default defineConfig({
  connection: 'pg',
  prettyPrintDebugQueries: true,
  connections: {
    pg: {
      client: 'pg',
      connection: databaseSettings().connection,
      pool: { min: 0, max: 10 },
      migrations: { naturalSort: true, paths: ['database/migrations'] },
      seeders: { paths: ['database/seeders'] },
      // models declare their columns themselves (app/models)
      schemaGeneration: { enabled: false },
      debug: false,
    },
    /*
     * The login limiter's own connection (config/limiter.ts). The limiter keeps the client
     * it was first created with for the life of the process; on the default connection
     * that could be a transaction's (every test runs in one), whose connection the pool
     * later closes — after which every login failed with a 500.
     */
    limiter: {
      client: 'pg',
      connection: databaseSettings().connection,
      pool: { min: 0, max: 2 },
      debug: false,
    },
  },
})
