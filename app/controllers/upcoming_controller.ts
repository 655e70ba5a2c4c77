import type { HttpContext } from '@adonisjs/core/http'
import { upcomingModules } from '#domain/roles'

/**
 * Modules listed in the navigation but not built yet render an honest "on its way" page
 * rather than a broken link. Each has its own route (see start/routes.ts).
 */
export default class UpcomingController {
  async show({ view, route, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const module = upcomingModules().find((item) => item.route === route?.name)
    if (!module || !module.roles.includes(auth.getUserOrFail().role)) {
      return bouncer.authorize('administer')
    }
    return view.render('pages/upcoming/show', { module })
  }
}
