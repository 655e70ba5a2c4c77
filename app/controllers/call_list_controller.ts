import type { HttpContext } from '@adonisjs/core/http'
import { findCall, listCalls, OUTCOME_FILTERS } from '#queries/calls/call_list'
import { latestCallDay } from '#queries/calls/call_volumes'
import { parseCallCursor, parseCallFilter, parseCallId } from '#validators/call_filter'
import { pageNumber } from '#domain/query_values'
import { clock } from '#services/clock'
import { organisationOptions } from '#queries/organisations/list_organisations'

/**
 * Samtalslistan (issue 17 point 5): the calls behind a figure, filtered as the figure
 * counts them, and a call looked up by its id. A telephony contact sees only the calls
 * transferred to their organisation; another organisation's call is "not found".
 */
export default class CallListController {
  async index({ request, response, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const reader = { organisationId: user.isContact ? user.organisationId! : null }
    const defaultDay = (await latestCallDay()) ?? clock.today()
    const { filter, errors } = parseCallFilter(request.qs(), defaultDay)
    const callId = parseCallId(request.input('samtal'))
    if (callId === 'bad') errors.samtal = 'badCallId'
    if (user.isContact) delete filter.organisationId
    const page = pageNumber(request.input('page'))
    const cursor = parseCallCursor(request.qs())
    if (cursor === 'bad') errors.sida = 'badCursor'
    const found =
      typeof callId === 'string' && callId !== 'bad' ? await findCall(callId, reader) : null
    const list =
      Object.keys(errors).length > 0
        ? { rows: [], hasMore: false, hasNewer: false, first: null, last: null }
        : await listCalls(filter, { page, cursor: cursor === 'bad' ? null : cursor }, reader)
    const query = { ...request.qs() }
    for (const key of ['page', 'aldre', 'nyare']) delete query[key]
    if (Object.keys(errors).length > 0) response.status(422)
    return view.render('pages/calls/list', {
      filter,
      errors,
      list,
      page,
      query,
      searched: callId,
      found,
      outcomes: OUTCOME_FILTERS,
      organisations: user.isContact ? [] : await organisationOptions(),
    })
  }
}
