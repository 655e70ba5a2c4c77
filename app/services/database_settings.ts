/**
 * Where the application's PostgreSQL lives, derived from the environment only.
 *
 * - DATABASE_URL, or DB_HOST (with DB_PORT, DB_USER, DB_PASSWORD, DB_DATABASE): an
 *   external server that we never start or stop.
 * - Neither: the embedded server under tmp/postgres, started on demand by
 *   `embedded_database.ts`. The test run uses its own database on that server.
 *
 * Kept free of AdonisJS imports so that the launchers in bin/ can use it before the
 * application boots.
 */
export interface ConnectionSettings {
  connectionString?: string
  host?: string
  port?: number
  user?: string
  password?: string
  database?: string
}

export interface DatabaseSettings {
  embedded: boolean
  connection: ConnectionSettings
}

export const EMBEDDED_DEFAULT_PORT = 54329
export const EMBEDDED_USER = 'postgres'
export const EMBEDDED_PASSWORD = 'vaxelnavet-lokal'

export function embeddedDatabaseName(env: NodeJS.ProcessEnv = process.env) {
  return env.NODE_ENV === 'test' ? 'vaxelnavet_test' : 'vaxelnavet'
}

export function embeddedPort(env: NodeJS.ProcessEnv = process.env) {
  return Number(env.EMBEDDED_PG_PORT || EMBEDDED_DEFAULT_PORT)
}

export function databaseSettings(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  if (env.DATABASE_URL) {
    return { embedded: false, connection: { connectionString: env.DATABASE_URL } }
  }
  if (env.DB_HOST) {
    return {
      embedded: false,
      connection: {
        host: env.DB_HOST,
        port: Number(env.DB_PORT || 5432),
        user: env.DB_USER,
        password: env.DB_PASSWORD,
        database: env.DB_DATABASE,
      },
    }
  }
  return {
    embedded: true,
    connection: {
      host: '127.0.0.1',
      port: embeddedPort(env),
      user: EMBEDDED_USER,
      password: EMBEDDED_PASSWORD,
      database: embeddedDatabaseName(env),
    },
  }
}
