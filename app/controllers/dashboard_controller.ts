import type { HttpContext } from '@adonisjs/core/http'
import Organisation from '#models/organisation'
import { upcomingModules } from '#domain/roles'
import { monthlyCallVolumes } from '#queries/calls/call_volumes'

/** Översikt: the start page after login. */
export default class DashboardController {
  async show({ view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const organisation = user.organisationId ? await Organisation.find(user.organisationId) : null
    const counts = user.isContact
      ? null
      : await Organisation.query()
          .select('kind')
          .count('* as total')
          .whereRaw('active_from <= current_date AND (active_to IS NULL OR active_to >= current_date)')
          .groupBy('kind')
          .pojo<{ kind: string; total: string }>()
    const callVolumes = await monthlyCallVolumes(3, user.isContact ? user.organisationId : null)
    return view.render('pages/dashboard/show', {
      callVolumes,
      organisation,
      counts: Object.fromEntries((counts ?? []).map((row) => [row.kind, Number(row.total)])),
      upcoming: upcomingModules().filter((item) => item.roles.includes(user.role)),
    })
  }
}
