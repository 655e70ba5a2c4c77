/**
 * A small job queue in PostgreSQL (table `jobs`): long work started from the web (call
 * imports) runs outside the request. Any number of app instances can run workers; a job
 * is claimed with `FOR UPDATE SKIP LOCKED`, so each runs once. No extra server needed.
 */
import { hostname } from 'node:os'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>

const handlers = new Map<string, JobHandler>()
const workerId = `${hostname()}:${process.pid}`

export function registerJob(type: string, handler: JobHandler) {
  handlers.set(type, handler)
}

export async function enqueueJob(type: string, payload: Record<string, unknown>) {
  const [job] = await db.table('jobs').insert({ type, payload: JSON.stringify(payload) }).returning('id')
  return Number(job.id)
}

/** Claim and run the oldest queued job. Returns false when there was none. */
export async function runNextJob(): Promise<boolean> {
  const claimed = await db.rawQuery(
    `UPDATE jobs SET status = 'running', started_at = now(), attempts = attempts + 1, locked_by = ?
      WHERE id = (SELECT id FROM jobs WHERE status = 'queued' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
      RETURNING id, type, payload`,
    [workerId]
  )
  const job = claimed.rows[0]
  if (!job) return false
  const handler = handlers.get(job.type)
  try {
    if (!handler) throw new Error(`no handler for job type ${job.type}`)
    await handler(job.payload)
    await db.from('jobs').where('id', job.id).update({ status: 'done', finished_at: new Date() })
  } catch (error) {
    logger.error({ err: error, job: job.id }, 'job failed')
    await db
      .from('jobs')
      .where('id', job.id)
      .update({ status: 'failed', finished_at: new Date(), last_error: String((error as Error).message ?? error) })
  }
  return true
}

/**
 * Jobs still "running" from a worker that died (crash, SIGKILL, deploy) are marked
 * failed; their import left nothing behind and can simply be started again.
 */
export async function failAbandonedJobs(olderThanMinutes = 30) {
  await db
    .from('jobs')
    .where('status', 'running')
    .where('started_at', '<', new Date(Date.now() - olderThanMinutes * 60_000))
    .update({ status: 'failed', finished_at: new Date(), last_error: 'the worker stopped before the job finished' })
}

/** Poll for work until stopped. */
export function startWorker(pollMs = 1000) {
  let stopped = false
  let running: Promise<unknown> = Promise.resolve()
  const loop = async () => {
    while (!stopped) {
      const worked = await runNextJob().catch((error) => {
        logger.error({ err: error }, 'job worker')
        return false
      })
      if (!worked) await new Promise((resolve) => setTimeout(resolve, pollMs))
    }
  }
  running = loop()
  return async () => {
    stopped = true
    await running
  }
}
