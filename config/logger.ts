import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'

/**
 * Production (and tests): JSON lines on stdout, one per event, for journald or a log
 * collector; every request's line carries its request id, the user id and the duration
 * (app/middleware/request_log_middleware.ts). Development: the same, pretty-printed.
 */
const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: 'vaxelnavet',
      level: env.get('LOG_LEVEL', app.inTest ? 'warn' : 'info'),
      transport: { targets: [app.inDev ? targets.pretty() : targets.file({ destination: 1 })] },
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
