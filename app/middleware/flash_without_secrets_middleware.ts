import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Field names that hold a secret: every password (current, new, its confirmation, the
 * one-time password), token, API key, PIN or other secret, and the CSRF token.
 */
export function isSecretField(name: string) {
  const plain = name.toLowerCase().replace(/[^a-z]/g, '')
  return (
    /password|passwd|passphrase|secret|token|apikey|onetime|csrf/.test(plain) ||
    ['otp', 'pin'].includes(plain)
  )
}

type FlashValue =
  string | number | boolean | null | undefined | FlashValue[] | { [key: string]: FlashValue }

/** A copy of flashed form input without any secret field, at any depth. */
export function withoutSecrets(value: FlashValue): FlashValue {
  if (Array.isArray(value)) return value.map(withoutSecrets)
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !isSecretField(key))
      .map(([key, inner]) => [key, withoutSecrets(inner)])
  )
}

/**
 * Nothing secret is ever flashed. Whatever flashed this request's input back to its form
 * — a validation error (AdonisJS keeps everything but `password` and
 * `password_confirmation`), a missing CSRF token, an ended session (keeps even
 * `password`), `session.flashAll()` — its secret fields are dropped here, after the
 * request and its error handling and before the session is stored (docs/adr/0011).
 * Registered right after the session middleware.
 */
export default class FlashWithoutSecretsMiddleware {
  async handle({ session }: HttpContext, next: NextFn) {
    const output = await next()
    const flash = session?.responseFlashMessages
    if (!flash || flash.isEmpty) return output
    for (const [key, value] of Object.entries(flash.all() as Record<string, FlashValue>)) {
      if (isSecretField(key)) flash.unset(key)
      else if (key === 'input') flash.set(key, withoutSecrets(value) as never)
      // last request's messages kept again: its input fields are at its top level
      else if (key === 'reflashed')
        flash.set(
          key,
          Object.fromEntries(Object.entries(value ?? {}).filter(([name]) => !isSecretField(name)))
        )
    }
    return output
  }
}
