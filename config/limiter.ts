import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/limiter'

/**
 * Rate limits are kept in PostgreSQL (table `rate_limits`), shared by every app instance,
 * through a connection of their own (see config/database.ts): counting an attempt is never
 * part of a request's transaction.
 */
const limiterConfig = defineConfig({
  default: 'database',
  stores: {
    database: stores.database({
      connectionName: 'limiter',
      tableName: 'rate_limits',
      clearExpiredByTimeout: !app.inTest,
    }),
    memory: stores.memory({}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
