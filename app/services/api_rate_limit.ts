import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'

/** Files a key may deliver to the import API per window (docs/adr/0028 §2). */
export const API_IMPORTS_PER_WINDOW = 30
const API_IMPORT_WINDOW = '10 mins'

/**
 * Counts one request of the import API against its key's user (PostgreSQL, the limiter's
 * own connection, shared by every instance): null when allowed, else the seconds to wait.
 */
export async function consumeApiImport(userId: number): Promise<{ retryAfter: number } | null> {
  const imports = limiter.use('database', {
    requests: API_IMPORTS_PER_WINDOW,
    duration: API_IMPORT_WINDOW,
  })
  try {
    await imports.consume(`api_import_${userId}`)
    return null
  } catch (error) {
    if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
    return { retryAfter: Math.max(1, Math.ceil(error.response.availableIn)) }
  }
}
