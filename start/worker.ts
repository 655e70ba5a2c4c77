/*
|--------------------------------------------------------------------------
| Background worker (web server process only)
|--------------------------------------------------------------------------
|
| Runs queued jobs (call imports uploaded from the web) and, every minute, the
| notification sweep (reminders, e-mail, weekly digests). Several app instances may run
| it at once: jobs are claimed with SKIP LOCKED, the sweep takes an advisory lock.
*/
import app from '@adonisjs/core/services/app'
import { failAbandonedJobs, startWorker } from '#services/job_queue'
import { failAbandonedCallImports } from '#actions/calls/import_calls'
import '#actions/calls/queue_call_import'
import logger from '@adonisjs/core/services/logger'
import { runNotificationSweep } from '#actions/notifications/sweep'

// `node ace codegen` (and the build) warm the web app up without serving: no work then
if (app.getMode() === 'run') {
  await failAbandonedJobs()
  await failAbandonedCallImports()
  const stop = startWorker()
  const SWEEP_EVERY_MS = 60_000
  const sweep = setInterval(() => {
    runNotificationSweep().catch((error) => logger.error({ err: error }, 'notification sweep'))
  }, SWEEP_EVERY_MS)
  sweep.unref()
  app.terminating(async () => {
    clearInterval(sweep)
    await stop()
  })
}
