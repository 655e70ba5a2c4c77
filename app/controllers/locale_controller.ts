import type { HttpContext } from '@adonisjs/core/http'
import { localeValidator } from '#validators/session'

/** Switch the interface language (Swedish default, English second). */
export default class LocaleController {
  async update({ request, auth, response, session }: HttpContext) {
    const { locale } = await request.validateUsing(localeValidator)
    session.put('locale', locale)
    if (auth.user) {
      auth.user.locale = locale
      await auth.user.save()
    }
    return response.redirect().back()
  }
}
