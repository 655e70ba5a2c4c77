/**
 * Is this error "the database cannot be reached" (rather than a bug or a refused query)?
 * Then a request gets 503 "Tjänsten är tillfälligt otillgänglig", not 500, and the app
 * carries on: the pool opens new connections once the server answers again.
 *
 * Pure: reads only the error's code, name and message, and those of its causes.
 */

/** Socket errors of a server that is down or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
])
/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01–57P03 (the server shutting
 * down or starting up) and 53300 (too many connections).
 */
const SQLSTATES = /^(08\d{3}|08P01|57P0[123]|53300)$/
/** Messages of node-postgres and knex when the connection is gone or none can be had. */
const MESSAGES = new RegExp(
  [
    'Connection terminated',
    'Client has encountered a connection error',
    'Timeout acquiring a connection',
    'terminating connection due to administrator command',
    'the database system is (starting up|shutting down)',
  ].join('|'),
  'i'
)

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, name, message, cause } = current as {
      code?: unknown
      name?: unknown
      message?: unknown
      cause?: unknown
    }
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.test(code))) return true
    if (name === 'KnexTimeoutError') return true
    if (typeof message === 'string' && MESSAGES.test(message)) return true
    // AggregateError (a host name with several addresses, all refused)
    const errors = (current as { errors?: unknown }).errors
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true
    current = cause
  }
  return false
}
