import type { HttpContext } from '@adonisjs/core/http'
import Organisation from '#models/organisation'
import { monthlyCallVolumes } from '#queries/calls/call_volumes'
import { organisationAtAGlance } from '#queries/organisations/organisation_at_a_glance'
import { waitingFor, type WaitingItem } from '#queries/dashboard/waiting'
import { formatInteger, formatMonth, formatOre } from '#domain/formatting'

/** An item's figures as shown: months written out in the reader's language, öre as kronor. */
function shown(item: WaitingItem, locale: string) {
  const params = { ...item.params }
  if (typeof params.period === 'string') params.period = formatMonth(params.period, locale)
  for (const name of ['total', 'amount'])
    if (params[name] !== undefined) params[name] = formatOre(params[name])
  for (const name of ['invoiced', 'answered'])
    if (typeof params[name] === 'number') params[name] = formatInteger(params[name])
  return { key: item.key, url: item.url, params }
}

/** Översikt: the start page after login; for a telephony contact, "Min organisation". */
export default class DashboardController {
  async show({ view, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    if (user.isContact && user.organisationId) {
      return view.render('pages/dashboard/my_organisation', {
        organisation: await Organisation.findOrFail(user.organisationId),
        ...(await organisationAtAGlance({ id: user.id, organisationId: user.organisationId })),
      })
    }
    const counts = await Organisation.query()
      .select('kind')
      .count('* as total')
      .whereRaw('active_from <= current_date AND (active_to IS NULL OR active_to >= current_date)')
      .groupBy('kind')
      .pojo<{ kind: string; total: string }>()
    const waiting = await waitingFor(user.role)
    return view.render('pages/dashboard/show', {
      callVolumes: await monthlyCallVolumes(3, null),
      organisation: null,
      waiting: waiting.map((item) => shown(item, i18n.locale)),
      counts: Object.fromEntries(counts.map((row) => [row.kind, Number(row.total)])),
    })
  }
}
