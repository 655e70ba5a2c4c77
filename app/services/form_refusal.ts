import type { HttpContext } from '@adonisjs/core/http'

/**
 * A form the domain refused (not the validator): back to the form with the Swedish
 * message and everything the user typed, so nothing has to be entered again.
 */
export function refuseForm(
  { session, response }: Pick<HttpContext, 'session' | 'response'>,
  error: string
) {
  session.flash('error', error)
  session.flashAll()
  return response.redirect().back()
}
