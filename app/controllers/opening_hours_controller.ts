import type { HttpContext } from '@adonisjs/core/http'
import { openingCalendar } from '#queries/quality/opening_calendar'
import {
  openingPeriodValidator,
  weeklyHours,
  weeklyHoursValidator,
} from '#validators/opening_hours'
import { saveOpeningHours } from '#actions/quality/save_opening_hours'
import { addOpeningPeriod } from '#actions/quality/add_opening_period'
import { removeOpeningPeriod } from '#actions/quality/remove_opening_period'
import { refuseForm } from '#services/form_refusal'
import { rangeDays } from '#domain/date_ranges'

/**
 * The switchboard's opening calendar (issue 17 point 4): weekly hours in normal and summer
 * time, summer periods and closure days. Everyone at the office reads it; the coordinator
 * edits it.
 */
export default class OpeningHoursController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    return view.render('pages/quality/opening_hours', { calendar: await openingCalendar() })
  }

  async update({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(weeklyHoursValidator)
    const days = weeklyHours(values)
    if (!Array.isArray(days))
      return refuseForm(
        { session, response },
        i18n.t(`openingHours.errors.${days.error}`, {
          weekday: i18n.t(`quality.weekdays.${days.weekday}`),
        })
      )
    await saveOpeningHours(values.season, days, auth.getUserOrFail().id)
    session.flash('success', i18n.t('openingHours.saved'))
    return response.redirect().toRoute('opening_hours.index')
  }

  async storePeriod({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(openingPeriodValidator)
    if (rangeDays({ from: values.startsOn, to: values.endsOn }) > 367)
      return refuseForm({ session, response }, i18n.t('openingHours.errors.periodTooLong'))
    await addOpeningPeriod({ ...values, note: values.note ?? '' }, auth.getUserOrFail().id)
    session.flash('success', i18n.t('openingHours.periodSaved'))
    return response.redirect().toRoute('opening_hours.index')
  }

  async destroyPeriod({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const removed = await removeOpeningPeriod(params.id, auth.getUserOrFail().id)
    if (!removed) return response.notFound()
    session.flash('success', i18n.t('openingHours.periodRemoved'))
    return response.redirect().toRoute('opening_hours.index')
  }
}
