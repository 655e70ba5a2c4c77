import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import env from '#start/env'

/** JSON API requests per access token within a minute (API_RATE_LIMIT, default 120). */
export const API_REQUESTS_PER_MINUTE = 120

/**
 * Counts one API request against its access token's allowance (issue 17 point 7; kept in
 * PostgreSQL like every limit, so several instances share it). null when allowed; else
 * the seconds until the key may ask again. Per key, not per user or address: one
 * integration's loop cannot starve another key of the same user.
 */
export async function consumeApiRequest(tokenId: string): Promise<{ retryAfter: number } | null> {
  const requests = limiter.use('database', {
    requests: env.get('API_RATE_LIMIT', API_REQUESTS_PER_MINUTE),
    duration: '1 min',
  })
  try {
    await requests.consume(`api_key_${tokenId}`)
    return null
  } catch (error) {
    if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
    return { retryAfter: Math.max(1, Math.ceil(error.response.availableIn)) }
  }
}
