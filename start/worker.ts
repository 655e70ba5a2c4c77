/*
|--------------------------------------------------------------------------
| Background worker (web server process only)
|--------------------------------------------------------------------------
|
| Runs queued jobs (call imports uploaded from the web). Several app instances may run
| it at once: jobs are claimed with SKIP LOCKED.
*/
import app from '@adonisjs/core/services/app'
import { failAbandonedJobs, startWorker } from '#services/job_queue'
import { failAbandonedCallImports } from '#actions/calls/import_calls'
import '#actions/calls/queue_call_import'

await failAbandonedJobs()
await failAbandonedCallImports()
const stop = startWorker()
app.terminating(stop)
