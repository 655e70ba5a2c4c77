/**
 * A job queue in PostgreSQL (table `jobs`) with leases (docs/adr/0013): long work started
 * from the web (call imports) runs outside the request, on any app instance, with no
 * extra server.
 *
 * - A job is claimed with `FOR UPDATE SKIP LOCKED`, so each runs once at a time. The
 *   claim gives it a lease (`lease_until`) and a fresh `lease_token`; the worker renews
 *   the lease with a heartbeat while it works.
 * - A lease that lapses (the process was killed, froze, lost its network) is taken back by
 *   the sweep of any running instance: the job is queued again, or failed once it has had
 *   its `max_attempts`. The sweep also ends the dead owner's database connections (they
 *   carry the job's `connectionName`), so its open transaction can never commit.
 * - Work that commits calls `fence` inside its transaction: it renews the lease only if the
 *   token is still this worker's, and otherwise throws, so a worker that lost its job can
 *   never commit it.
 * - On shutdown the worker stops taking jobs, lets the current one finish for a while, then
 *   gives it back to the queue (`release`) for another instance.
 *
 * Timings: JOB_LEASE_SECONDS (60), JOB_HEARTBEAT_SECONDS (15), JOB_SWEEP_SECONDS (30),
 * JOB_POLL_SECONDS (1): an abandoned job is back in the queue within lease + sweep.
 */
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type pg from 'pg'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import logger from '@adonisjs/core/services/logger'

export interface JobTimings {
  leaseMs: number
  heartbeatMs: number
  sweepMs: number
  pollMs: number
}

/** The queue's timings from the environment (seconds; fractions allowed, for tests). */
export function jobTimings(env: NodeJS.ProcessEnv = process.env): JobTimings {
  const seconds = (name: string, fallback: number) => {
    const value = Number(env[name])
    return (Number.isFinite(value) && value > 0 ? value : fallback) * 1000
  }
  const leaseMs = seconds('JOB_LEASE_SECONDS', 60)
  return {
    leaseMs,
    // at least three heartbeats per lease, so one slow heartbeat does not lose it
    heartbeatMs: Math.min(seconds('JOB_HEARTBEAT_SECONDS', 15), leaseMs / 3),
    sweepMs: seconds('JOB_SWEEP_SECONDS', 30),
    pollMs: seconds('JOB_POLL_SECONDS', 1),
  }
}

/** The job is no longer this worker's: its lease lapsed and another instance took it. */
export class LeaseLostError extends Error {
  constructor(jobId: number) {
    super(`job ${jobId}: the lease was lost; another instance has taken the job back`)
  }
}

export interface JobContext {
  id: number
  attempt: number
  /** aborted when the lease is lost or the job is given back on shutdown */
  signal: AbortSignal
  /** application_name for the job's own database connections (the sweep ends them) */
  connectionName: string
  /**
   * Inside the transaction that commits the job's work (a raw `pg.Client` in a
   * transaction, or a Lucid transaction): renews the lease if the job is still this
   * worker's, else throws `LeaseLostError`. The job row stays locked until that commit.
   */
  fence(client: pg.Client | TransactionClientContract): Promise<void>
}

export interface JobDefinition {
  run(payload: Record<string, unknown>, job: JobContext): Promise<unknown>
  /** the job ended, done or failed (by its handler or by the sweep): tidy up after it */
  ended?(
    payload: Record<string, unknown>,
    outcome: { status: 'done' | 'failed'; error: string | null }
  ): Promise<void>
}

export interface ClaimedJob {
  id: number
  type: string
  payload: Record<string, unknown>
  attempts: number
  token: string
}

const definitions = new Map<string, JobDefinition>()
const workerId = `${hostname()}:${process.pid}`

export function registerJob(type: string, definition: JobDefinition) {
  definitions.set(type, definition)
}

/** The application_name of a job's own connections. */
export function jobConnectionName(jobId: number) {
  return `vaxelnavet-job-${jobId}`
}

export async function enqueueJob(
  type: string,
  payload: Record<string, unknown>,
  options: { maxAttempts?: number; client?: TransactionClientContract } = {}
) {
  const [id] = await enqueueJobs(type, [payload], options)
  return id
}

/** Queue several jobs of one type in one statement (in order); returns their ids. */
export async function enqueueJobs(
  type: string,
  payloads: Record<string, unknown>[],
  options: { maxAttempts?: number; client?: TransactionClientContract } = {}
) {
  if (payloads.length === 0) return []
  const jobs = await (options.client ?? db)
    .table('jobs')
    .multiInsert(
      payloads.map((payload) => ({
        type,
        payload: JSON.stringify(payload),
        max_attempts: options.maxAttempts ?? 1,
      }))
    )
    .returning('id')
  return jobs.map((job) => Number(job.id)).sort((a, b) => a - b)
}

export async function claimNextJob(timings: JobTimings): Promise<ClaimedJob | null> {
  const token = randomUUID()
  const claimed = await db.rawQuery(
    `UPDATE jobs SET status = 'running', started_at = now(), finished_at = NULL, attempts = attempts + 1,
            locked_by = ?, lease_token = ?, lease_until = now() + ? * interval '1 millisecond', heartbeat_at = now()
      WHERE id = (SELECT id FROM jobs WHERE status = 'queued' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
      RETURNING id, type, payload, attempts`,
    [workerId, token, timings.leaseMs]
  )
  const row = claimed.rows[0]
  return row
    ? { id: Number(row.id), type: row.type, payload: row.payload, attempts: row.attempts, token }
    : null
}

const RENEW_SQL = `UPDATE jobs SET lease_until = now() + $1 * interval '1 millisecond', heartbeat_at = now()
                    WHERE id = $2 AND lease_token = $3 AND status = 'running'`

async function renewLease(
  job: ClaimedJob,
  timings: JobTimings,
  client: pg.Client | TransactionClientContract | null = null
) {
  const params = [timings.leaseMs, job.id, job.token]
  const result =
    client === null
      ? await db.rawQuery(RENEW_SQL.replace(/\$\d/g, '?'), params)
      : 'rawQuery' in client
        ? await client.rawQuery(RENEW_SQL.replace(/\$\d/g, '?'), params)
        : await client.query(RENEW_SQL, params)
  return (result.rowCount ?? 0) > 0
}

/** End the job: done or failed, only if it is still this worker's. True when it was. */
async function settle(job: ClaimedJob, status: 'done' | 'failed', error: string | null) {
  const result = await db.rawQuery(
    `UPDATE jobs SET status = ?, finished_at = now(), last_error = ?, lease_token = NULL, lease_until = NULL
      WHERE id = ? AND lease_token = ? AND status = 'running'`,
    [status, error, job.id, job.token]
  )
  return (result.rowCount ?? 0) > 0
}

async function ended(
  type: string,
  payload: Record<string, unknown>,
  status: 'done' | 'failed',
  error: string | null
) {
  try {
    await definitions.get(type)?.ended?.(payload, { status, error })
  } catch (failure) {
    logger.error({ err: failure, type }, 'job: tidying up after a job failed')
  }
}

/**
 * End the connections a job's owner opened under the job's name (a dead or stale owner),
 * waiting up to 5 s for each to be gone (pg_terminate_backend only signals by default): the
 * sweep returns once the old transaction and its locks are ended, not while they linger.
 */
async function endJobConnections(client: TransactionClientContract | typeof db, jobIds: number[]) {
  if (jobIds.length === 0) return
  await client.rawQuery(
    `SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
      WHERE application_name = ANY(string_to_array(?, ',')) AND pid <> pg_backend_pid()`,
    [jobIds.map(jobConnectionName).join(',')]
  )
}

/** A running job: its lease renewed by a heartbeat until it ends or is given back. */
export class RunningJob {
  readonly controller = new AbortController()
  #heartbeat: NodeJS.Timeout
  #lost = false

  constructor(
    readonly job: ClaimedJob,
    readonly timings: JobTimings
  ) {
    this.#heartbeat = setInterval(() => void this.#renew(), timings.heartbeatMs)
    this.#heartbeat.unref()
  }

  async #renew() {
    try {
      if (await renewLease(this.job, this.timings)) return
      this.lose()
      logger.warn(
        { job: this.job.id },
        'job: the lease was lost; another instance has taken the job back'
      )
    } catch (error) {
      // the database is away: keep trying; the lease lapses if it stays away
      logger.warn({ err: error, job: this.job.id }, 'job: heartbeat failed')
    }
  }

  lose() {
    this.#lost = true
    this.stop()
    this.controller.abort(new LeaseLostError(this.job.id))
  }

  get lost() {
    return this.#lost
  }

  stop() {
    clearInterval(this.#heartbeat)
  }

  context(): JobContext {
    return {
      id: this.job.id,
      attempt: this.job.attempts,
      signal: this.controller.signal,
      connectionName: jobConnectionName(this.job.id),
      fence: async (client) => {
        if (this.#lost || !(await renewLease(this.job, this.timings, client)))
          throw new LeaseLostError(this.job.id)
      },
    }
  }

  /** Run the work; settle the job and tidy up unless the job was lost or given back. */
  async run<T>(work: (job: JobContext) => Promise<T>): Promise<T> {
    try {
      const result = await work(this.context())
      if (!this.#lost && (await settle(this.job, 'done', null))) {
        await ended(this.job.type, this.job.payload, 'done', null)
      }
      return result
    } catch (error) {
      if (!this.#lost) {
        const text = String((error as Error).message ?? error)
        if (await settle(this.job, 'failed', text)) {
          logger.error({ err: error, job: this.job.id }, 'job failed')
          await ended(this.job.type, this.job.payload, 'failed', text)
        }
      }
      throw error
    } finally {
      this.stop()
    }
  }

  /** Give the job back to the queue (shutdown): not counted as an attempt. */
  async release() {
    this.lose()
    const result = await db.rawQuery(
      `UPDATE jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), locked_by = NULL, lease_token = NULL,
              lease_until = NULL, heartbeat_at = NULL, started_at = NULL
        WHERE id = ? AND lease_token = ? AND status = 'running'`,
      [this.job.id, this.job.token]
    )
    await endJobConnections(db, [this.job.id])
    return (result.rowCount ?? 0) > 0
  }
}

export async function runClaimed(
  job: ClaimedJob,
  timings: JobTimings,
  onStart?: (running: RunningJob) => void
) {
  const running = new RunningJob(job, timings)
  onStart?.(running)
  const definition = definitions.get(job.type)
  await running
    .run((context) => {
      if (!definition) throw new Error(`no handler for job type ${job.type}`)
      return definition.run(job.payload, context)
    })
    .catch(() => {}) // settled and logged by run()
}

/** Claim and run the oldest queued job in this process. Returns false when there was none. */
export async function runNextJob(timings: JobTimings = jobTimings()): Promise<boolean> {
  const job = await claimNextJob(timings)
  if (!job) return false
  await runClaimed(job, timings)
  return true
}

/**
 * Run work here and now as a job of `type` that this process holds from the start (the
 * command line's call import): leased and heartbeated like any job, so if the process
 * dies the sweep of a running instance fails it and its `ended` tidies up.
 */
export async function runJobHere<T>(
  type: string,
  payload: Record<string, unknown>,
  work: (job: JobContext) => Promise<T>,
  timings: JobTimings = jobTimings()
): Promise<T> {
  const token = randomUUID()
  const [row] = await db
    .table('jobs')
    .insert({
      type,
      payload: JSON.stringify(payload),
      status: 'running',
      attempts: 1,
      max_attempts: 1,
      locked_by: workerId,
      lease_token: token,
      lease_until: db.raw(`now() + ? * interval '1 millisecond'`, [timings.leaseMs]),
      heartbeat_at: db.raw('now()'),
      started_at: db.raw('now()'),
    })
    .returning('id')
  return new RunningJob({ id: Number(row.id), type, payload, attempts: 1, token }, timings).run(
    work
  )
}

export interface SweptJob {
  id: number
  type: string
  status: 'queued' | 'failed'
}

/**
 * Take back every job whose lease has lapsed: end its owner's connections, queue it again
 * (or fail it after its last attempt), and tidy up after the failed ones. Any instance
 * may run it at any time; it returns what it took back.
 */
export async function sweepJobs(): Promise<SweptJob[]> {
  const swept = await db.transaction(async (trx) => {
    const lapsed = await trx.rawQuery(
      `SELECT id FROM jobs WHERE status = 'running' AND lease_until < now() ORDER BY id FOR UPDATE SKIP LOCKED`
    )
    const ids = lapsed.rows.map((row: { id: string }) => Number(row.id))
    if (ids.length === 0) return []
    await endJobConnections(trx, ids)
    const result = await trx.rawQuery(
      `UPDATE jobs SET status = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END,
              finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE now() END,
              last_error = 'the worker stopped renewing its lease (killed, frozen or cut off) before the job finished',
              locked_by = NULL, lease_token = NULL, lease_until = NULL
        WHERE id = ANY(string_to_array(?, ',')::bigint[])
        RETURNING id, type, payload, status`,
      [ids.join(',')]
    )
    return result.rows as {
      id: string
      type: string
      payload: Record<string, unknown>
      status: 'queued' | 'failed'
    }[]
  })
  for (const job of swept) {
    logger.warn(
      { job: job.id, type: job.type, status: job.status },
      'job: taken back after its lease lapsed'
    )
    if (job.status === 'failed') await ended(job.type, job.payload, 'failed', 'abandoned')
  }
  return swept.map((job) => ({ id: Number(job.id), type: job.type, status: job.status }))
}
