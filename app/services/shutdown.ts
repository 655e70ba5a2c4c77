/**
 * Stopping the web process (SIGTERM, SIGINT) without losing work: it stops taking
 * requests and jobs, lets the requests and the job in hand finish for at most
 * SHUTDOWN_TIMEOUT_SECONDS (30), then gives the job back to the queue for another
 * instance (docs/adr/0013), cuts the requests still open, and ends.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import server from '@adonisjs/core/services/server'
import logger from '@adonisjs/core/services/logger'

interface Participant {
  /** stop taking work; resolve when the work in hand is done */
  drain(): Promise<unknown>
  /** the drain took too long: hand the work back (it must not be lost) */
  abandon(): Promise<unknown>
}

const participants: Participant[] = []

export function onShutdown(participant: Participant) {
  participants.push(participant)
}

export function shutdownTimeoutMs(env: NodeJS.ProcessEnv = process.env) {
  const seconds = Number(env.SHUTDOWN_TIMEOUT_SECONDS)
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : 30) * 1000
}

/** After giving up on the drain: how long the app may take to close before the process just ends. */
const CLOSE_GRACE_MS = 5000

let shutting: Promise<void> | null = null

export function shutDown(app: ApplicationService, signal: string) {
  shutting ??= run(app, signal)
  return shutting
}

function delay(ms: number) {
  let timer: NodeJS.Timeout
  const promise = new Promise<'timeout'>(
    (resolve) => (timer = setTimeout(() => resolve('timeout'), ms))
  )
  return { promise, cancel: () => clearTimeout(timer) }
}

async function run(app: ApplicationService, signal: string) {
  const timeoutMs = shutdownTimeoutMs()
  logger.info(
    `${signal}: finishing open requests and the current job for at most ${timeoutMs / 1000} s`
  )
  const nodeServer = server.getNodeServer()
  const httpClosed = new Promise<void>((resolve) => {
    if (!nodeServer?.listening) return resolve()
    nodeServer.close(() => resolve())
    nodeServer.closeIdleConnections()
  })
  const drained = Promise.allSettled([
    httpClosed,
    ...participants.map((participant) => participant.drain()),
  ])
  const deadline = delay(timeoutMs)
  const outcome = await Promise.race([drained, deadline.promise])
  deadline.cancel()
  if (outcome !== 'timeout') {
    await app.terminate()
    return
  }
  logger.warn(
    `${signal}: still busy after ${timeoutMs / 1000} s; the job goes back to the queue, open requests are closed`
  )
  await Promise.allSettled(participants.map((participant) => participant.abandon()))
  nodeServer?.closeAllConnections()
  const grace = delay(CLOSE_GRACE_MS)
  await Promise.race([app.terminate(), grace.promise])
  grace.cancel()
  process.exit()
}
