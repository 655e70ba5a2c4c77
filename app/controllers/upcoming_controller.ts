import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { upcomingModules } from '#domain/roles'

/**
 * Modules listed in the navigation but not built yet render an honest "on its way" page
 * rather than a broken link. Each has its own route (see start/routes.ts).
 */
export default class UpcomingController {
  async show({ view, route, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const module = upcomingModules().find((item) => item.route === route?.name)
    if (!module) throw new Exception('Sidan finns inte', { status: 404 })
    if (!module.roles.includes(auth.getUserOrFail().role)) throw new Exception('Ingen behörighet', { status: 403 })
    return view.render('pages/upcoming/show', { module })
  }
}
