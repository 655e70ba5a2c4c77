import type { HttpContext } from '@adonisjs/core/http'

/** Administration: the coordinator's entry to users, imports and the audit log. */
export default class AdminController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/admin/index')
  }
}
