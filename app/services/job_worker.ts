/** The job queue's worker of an app instance (the queue itself: app/services/job_queue.ts). */
import logger from '@adonisjs/core/services/logger'
import {
  claimNextJob,
  jobTimings,
  runClaimed,
  sweepJobs,
  RunningJob,
  type JobTimings,
} from '#services/job_queue'
import type { ClaimedJob } from '#services/job_queue'

/**
 * The worker of an app instance: runs queued jobs one at a time and sweeps lapsed leases.
 * `drain` stops it taking jobs and waits for the current one; `release` gives the current
 * one back to the queue (for when draining takes too long).
 */
export class JobWorker {
  #stopping = false
  #current: RunningJob | null = null
  #loop: Promise<void> = Promise.resolve()
  #wake: (() => void) | null = null
  #sweeper: NodeJS.Timeout | null = null

  constructor(
    readonly timings: JobTimings = jobTimings(),
    readonly sweep: () => Promise<unknown> = sweepJobs
  ) {}

  start() {
    this.#loop = this.#run()
    this.#sweeper = setInterval(() => {
      this.sweep().catch((error) => logger.error({ err: error }, 'job sweep'))
    }, this.timings.sweepMs)
    this.#sweeper.unref()
    return this
  }

  get busy() {
    return this.#current !== null
  }

  async #run() {
    while (!this.#stopping) {
      let job: ClaimedJob | null = null
      try {
        job = await claimNextJob(this.timings)
      } catch (error) {
        logger.error({ err: error }, 'job worker: cannot claim a job')
      }
      if (job && this.#stopping) {
        // stopped while claiming: give it straight back
        await new RunningJob(job, this.timings).release().catch(() => {})
        break
      }
      if (job) {
        await runClaimed(job, this.timings, (running) => (this.#current = running))
        this.#current = null
        continue
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.timings.pollMs)
        this.#wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.#wake = null
    }
  }

  /** Take no more jobs; resolves when the current one (if any) has ended. */
  async drain() {
    this.#stopping = true
    if (this.#sweeper) clearInterval(this.#sweeper)
    this.#wake?.()
    await this.#loop
  }

  /** Give the current job back to the queue for another instance (it is not counted as an attempt). */
  async release() {
    const current = this.#current
    if (!current) return false
    const released = await current.release()
    if (released)
      logger.warn(
        { job: current.job.id },
        'job: given back to the queue for another instance (shutdown)'
      )
    return released
  }
}
