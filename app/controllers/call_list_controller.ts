import type { HttpContext } from '@adonisjs/core/http'
import { findCall, listCalls, OUTCOME_FILTERS } from '#queries/calls/call_list'
import { countCalls } from '#queries/calls/call_count'
import { latestCallDay } from '#queries/calls/call_volumes'
import {
  parseCallCursor,
  parseCallFilter,
  parseCallId,
  type FilterErrors,
} from '#validators/call_filter'
import { pageNumber } from '#domain/query_values'
import { clock } from '#services/clock'
import { organisationOptions } from '#queries/organisations/list_organisations'

/** The label (`callList.*`) each filter field is named by in its refusal. */
const FIELD_LABELS: Record<string, string> = {
  fran: 'from',
  till: 'to',
  veckodag: 'weekday',
  timme: 'hour',
  vantetidHogst: 'waitMax',
  vantetidOver: 'waitMin',
  ingang: 'entry',
  anknytning: 'extension',
  utfall: 'outcome',
  organisation: 'organisation',
  samtal: 'callId',
}

/**
 * Samtalslistan (issue 17 point 5): the calls behind a figure, filtered as the figure
 * counts them, how many they are, and a call looked up by its id. A telephony contact sees
 * only the calls transferred to their organisation; another organisation's call is "not
 * found", and asking for another organisation's calls is refused. A filter that cannot be
 * used is refused (422) with a message naming the field and what it takes.
 */
export default class CallListController {
  async index({ request, response, view, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const reader = { organisationId: user.isContact ? user.organisationId! : null }
    const defaultDay = (await latestCallDay()) ?? clock.today()
    const { filter, errors } = parseCallFilter(request.qs(), defaultDay)
    const organisations = user.isContact ? [] : await organisationOptions()
    if (filter.organisationId !== undefined) {
      if (user.isContact) {
        // a contact's list is their organisation's already; another one is not theirs to ask for
        if (filter.organisationId !== user.organisationId)
          errors.organisation = { code: 'notOwnOrganisation' }
        delete filter.organisationId
      } else if (!organisations.some((organisation) => organisation.id === filter.organisationId)) {
        errors.organisation = {
          code: 'unknownOrganisation',
          values: { value: String(filter.organisationId) },
        }
      }
    }
    const callId = parseCallId(request.input('samtal'))
    if (callId === 'bad') errors.samtal = { code: 'badCallId' }
    const page = pageNumber(request.input('page'))
    const cursor = parseCallCursor(request.qs())
    if (cursor === 'bad') errors.sida = { code: 'badCursor' }
    const found =
      typeof callId === 'string' && callId !== 'bad' ? await findCall(callId, reader) : null
    const refused = Object.keys(errors).length > 0
    const [list, count] = refused
      ? [{ rows: [], hasMore: false, hasNewer: false, first: null, last: null }, null]
      : await Promise.all([
          listCalls(filter, { page, cursor: cursor === 'bad' ? null : cursor }, reader),
          countCalls(filter, reader),
        ])
    const query = { ...request.qs() }
    for (const key of ['page', 'aldre', 'nyare']) delete query[key]
    if (refused) response.status(422)
    return view.render('pages/calls/list', {
      filter,
      errors: messagesOf(errors, i18n),
      list,
      count,
      page,
      query,
      searched: callId,
      found,
      outcomes: OUTCOME_FILTERS,
      organisations,
    })
  }
}

/** Each refused field's message, naming the field and what it takes, in the reader's language. */
function messagesOf(errors: FilterErrors, i18n: HttpContext['i18n']) {
  const allowed = OUTCOME_FILTERS.map((outcome) => i18n.t(`callList.outcomes.${outcome}`))
  return Object.fromEntries(
    Object.entries(errors).map(([name, error]) => [
      name,
      i18n.t(`callList.errors.${error!.code}`, {
        ...error!.values,
        field: FIELD_LABELS[name] ? i18n.t(`callList.${FIELD_LABELS[name]}`) : name,
        allowed: allowed.join(', '),
      }),
    ])
  )
}
