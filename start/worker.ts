/*
|--------------------------------------------------------------------------
| Background worker (web server process only)
|--------------------------------------------------------------------------
|
| Runs queued jobs (call imports uploaded from the web), takes back the jobs of
| instances that died (leases, docs/adr/0013), removes files no row points at, and, every
| minute, runs the notification sweep (reminders, e-mail, weekly digests). Several app
| instances may run it at once: jobs are claimed with SKIP LOCKED, the sweep takes an
| advisory lock. On SIGTERM the current job is drained, or given back to the queue
| (app/services/shutdown.ts).
*/
import { mkdir } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { jobTimings, sweepJobs } from '#services/job_queue'
import { JobWorker } from '#services/job_worker'
import { failOrphanCallImports } from '#actions/calls/queue_call_import'
import { removeOrphanDocuments } from '#actions/storage/remove_orphan_files'
import logger from '@adonisjs/core/services/logger'
import { runNotificationSweep } from '#actions/notifications/sweep'
import { onShutdown } from '#services/shutdown'
import { passStartGate } from '#services/start_gate'
import { dropFolder, dropPollSeconds } from '#services/drop_folder'
// the e-mail of invoices (docs/adr/0025): registers the delivery job; failed ones retried daily
import '#actions/deliveries/deliver_document'
import {
  rescueStrandedDeliveries,
  retryFailedDeliveries,
} from '#actions/deliveries/retry_failed_deliveries'

// `node ace codegen` (and the build) warm the web app up without serving: no work then
if (app.getMode() === 'run') {
  // `npm start` boots this process while the migrations and the demo are still loading: no
  // job, and no open port (this is the last preload), before they are done
  await passStartGate()
  const timings = jobTimings()
  const ORPHAN_FILES_EVERY_MS = 60 * 60_000
  let lastFileSweep = 0

  async function sweep() {
    await sweepJobs()
    await failOrphanCallImports(timings.leaseMs)
    if (Date.now() - lastFileSweep > ORPHAN_FILES_EVERY_MS) {
      lastFileSweep = Date.now()
      await removeOrphanDocuments()
    }
  }

  await sweep().catch((error) => logger.error({ err: error }, 'job sweep'))
  const worker = new JobWorker(timings, sweep).start()
  onShutdown({ drain: () => worker.drain(), abandon: () => worker.release() })

  const SWEEP_EVERY_MS = env.get('NOTIFICATION_SWEEP_SECONDS', 60) * 1000
  const notifications = setInterval(() => {
    runNotificationSweep().catch((error) => logger.error({ err: error }, 'notification sweep'))
  }, SWEEP_EVERY_MS)
  notifications.unref()
  // supplier files that arrive by themselves (docs/adr/0028 §2): the drop folder is polled
  const folder = dropFolder()
  let dropPoller: NodeJS.Timeout | null = null
  if (folder) {
    const { pollDropFolder } = await import('#actions/imports/process_drop_folder')
    // the development default is made on the first start; a configured folder must exist
    // (a missing or broken one is told to the coordinators once, by the poll itself)
    if (!process.env.DROP_FOLDER) await mkdir(folder, { recursive: true })
    const state = new Map()
    let polling = false
    dropPoller = setInterval(() => {
      if (polling) return
      polling = true
      pollDropFolder(folder, state)
        .catch((error) => logger.error({ err: error }, 'drop folder'))
        .finally(() => (polling = false))
    }, dropPollSeconds() * 1000)
    dropPoller.unref()
  }
  // the rule "a day after the last attempt" is in the rows: looking every hour retries each once a day
  const deliveryRetries = setInterval(() => {
    retryFailedDeliveries()
      .then(() => rescueStrandedDeliveries())
      .catch((error) => logger.error({ err: error }, 'delivery retry'))
  }, 60 * 60_000)
  deliveryRetries.unref()
  app.terminating(async () => {
    if (dropPoller) clearInterval(dropPoller)
    clearInterval(deliveryRetries)
    clearInterval(notifications)
    await worker.drain()
  })
}
