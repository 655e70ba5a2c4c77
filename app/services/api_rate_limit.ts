import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import env from '#start/env'

/** JSON API requests per access token within a minute (API_RATE_LIMIT, default 120). */
export const API_REQUESTS_PER_MINUTE = 120

/** Files a key may deliver to the import API per window (docs/adr/0028 §2). */
export const API_IMPORTS_PER_WINDOW = 30
const API_IMPORT_WINDOW = '10 mins'

/**
 * Counts one request against `key`'s allowance (PostgreSQL, the limiter's own connection,
 * shared by every instance): null when allowed, else the seconds until it may ask again.
 */
async function consume(
  key: string,
  requests: number,
  duration: string
): Promise<{ retryAfter: number } | null> {
  try {
    await limiter.use('database', { requests, duration }).consume(key)
    return null
  } catch (error) {
    if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
    return { retryAfter: Math.max(1, Math.ceil(error.response.availableIn)) }
  }
}

/**
 * One API request against its access token's allowance (issue 17 point 7). Per key, not per
 * user or address: one integration's loop cannot starve another key of the same user.
 */
export function consumeApiRequest(tokenId: string) {
  return consume(`api_key_${tokenId}`, env.get('API_RATE_LIMIT', API_REQUESTS_PER_MINUTE), '1 min')
}

/** One file delivered to the import API, against its key's user (docs/adr/0028 §2). */
export function consumeApiImport(userId: number) {
  return consume(`api_import_${userId}`, API_IMPORTS_PER_WINDOW, API_IMPORT_WINDOW)
}
