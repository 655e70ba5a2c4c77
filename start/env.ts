/*
|--------------------------------------------------------------------------
| Environment variables
|--------------------------------------------------------------------------
|
| Validated and typed once here. The database variables are optional: without them the
| embedded PostgreSQL is used (app/services/database_settings.ts).
*/
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  APP_KEY: Env.schema.secret(),
  APP_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  HOST: Env.schema.string.optional({ format: 'host' }),
  LOG_LEVEL: Env.schema.string.optional(),
  SESSION_DRIVER: Env.schema.enum.optional(['cookie', 'memory', 'database'] as const),

  DATABASE_URL: Env.schema.string.optional(),
  DB_HOST: Env.schema.string.optional({ format: 'host' }),
  DB_PORT: Env.schema.number.optional(),
  DB_USER: Env.schema.string.optional(),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string.optional(),
  EMBEDDED_PG_PORT: Env.schema.number.optional(),

  LOGIN_MAX_ATTEMPTS: Env.schema.number.optional(),
  // issue 17 (helper g): JSON API requests per access token and minute (default 120)
  API_RATE_LIMIT: Env.schema.number.optional(),
  // the call list's count: the longest it is waited for, in ms (docs/adr/0032 §5; 75)
  CALL_COUNT_BUDGET_MS: Env.schema.number.optional(),
  TRUSTED_PROXIES: Env.schema.string.optional(),

  SMTP_HOST: Env.schema.string.optional(),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),
  MAIL_FROM: Env.schema.string.optional(),
  SUPPLIER_DEVIATIONS_EMAIL: Env.schema.string.optional(),

  // background jobs and shutdown (app/services/job_queue.ts, app/services/shutdown.ts)
  JOB_LEASE_SECONDS: Env.schema.number.optional(),
  JOB_HEARTBEAT_SECONDS: Env.schema.number.optional(),
  JOB_SWEEP_SECONDS: Env.schema.number.optional(),
  JOB_POLL_SECONDS: Env.schema.number.optional(),
  NOTIFICATION_SWEEP_SECONDS: Env.schema.number.optional(),

  // supplier files that arrive by themselves (app/services/drop_folder.ts, docs/adr/0028 §2)
  DROP_FOLDER: Env.schema.string.optional(),
  DROP_POLL_SECONDS: Env.schema.number.optional(),

  STORAGE_PATH: Env.schema.string.optional(),
  STORAGE_DRIVER: Env.schema.enum.optional(['local', 's3'] as const),
  S3_BUCKET: Env.schema.string.optional(),
  S3_REGION: Env.schema.string.optional(),
  S3_ENDPOINT: Env.schema.string.optional(),
  S3_PREFIX: Env.schema.string.optional(),
  S3_FORCE_PATH_STYLE: Env.schema.boolean.optional(),
  S3_ACCESS_KEY_ID: Env.schema.string.optional(),
  S3_SECRET_ACCESS_KEY: Env.schema.string.optional(),
  SHUTDOWN_TIMEOUT_SECONDS: Env.schema.number.optional(),

  // bench/pages.ts only (issue 18): the bare route it compares every page with
  BENCH_BARE_ROUTE: Env.schema.boolean.optional(),
})
