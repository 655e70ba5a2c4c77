/**
 * "Min organisation": what a telephony contact's start page shows of their own
 * organisation — extensions, headcount, the latest allocation and invoices, transferred
 * calls, open deviations — and what waits for them: routines to acknowledge, the next
 * network meeting, an open survey, the latest forum activity; and the coordinator's
 * current driftmeddelanden.
 */
import db from '@adonisjs/lucid/services/db'
import { organisationReviews } from '#queries/meetings/reviews'
import { todayInStockholm } from '#domain/periods'
import { countsPerOrganisation } from '#queries/extensions/extension_register'
import { listInvoices } from '#queries/month_end/period_overview'
import { monthlyCallVolumes } from '#queries/calls/call_volumes'
import { routinesFor } from '#queries/routines/routines'
import { nextMeeting } from '#queries/meetings/meetings'
import { isSteeringGroupMember } from '#queries/meetings/governance'
import { currentAnnouncements } from '#queries/announcements/announcements'

export async function organisationAtAGlance(user: { id: number; organisationId: number }) {
  const organisationId = user.organisationId
  const today = todayInStockholm()
  const [extensions] = await countsPerOrganisation(today, organisationId)
  const headcount = await db
    .from('headcounts')
    .where('organisation_id', organisationId)
    .orderBy('month', 'desc')
    .first()
  // the latest period with a share of the organisation, and its total over the pools: one read
  const latest = await db
    .from('allocation_shares as s')
    .join('allocations as a', 'a.id', 's.allocation_id')
    .join('periods as p', 'p.period', 'a.period')
    .where('s.organisation_id', organisationId)
    .groupBy('a.period', 'p.status')
    .orderBy('a.period', 'desc')
    .select('a.period', 'p.status', db.raw('sum(s.amount_ore) as total'))
    .first()
  const allocation = latest
    ? { period: latest.period, status: latest.status, totalOre: latest.total }
    : null
  // the next meeting the contact is invited to (docs/adr/0027): not another organisation's avstämning
  const meeting = await nextMeeting({
    office: false,
    steeringGroupMember: await isSteeringGroupMember(user.id),
    organisationIds: [organisationId],
  })
  const myAnswer = meeting
    ? await db
        .from('meeting_responses')
        .where('meeting_id', meeting.id)
        .where('user_id', user.id)
        .first()
    : null
  const routines = await routinesFor(user.id)
  return {
    announcements: await currentAnnouncements(today),
    extensionCount: extensions?.count ?? 0,
    today,
    headcount,
    allocation,
    invoices: await listInvoices({ organisationId }).limit(3),
    callVolumes: await monthlyCallVolumes(3, organisationId),
    openDeviations: await db
      .from('deviations')
      .where('organisation_id', organisationId)
      .whereNotIn('status', ['atgardad', 'avvisad'])
      .orderBy('id', 'desc')
      .select('id', 'type', 'status', 'occurred_at'),
    routinesDue: routines.filter((routine) => routine.due),
    meeting,
    myAnswer: myAnswer?.answer ?? null,
    // the organisation's avstämningar, past and planned (docs/adr/0031)
    reviews: await organisationReviews(organisationId),
    openSurveys: await db
      .from('surveys as s')
      .where('s.status', 'oppen')
      .whereNotExists((q) =>
        q
          .from('survey_participants as p')
          .whereRaw('p.survey_id = s.id')
          .where('p.user_id', user.id)
      )
      .select('s.id', 's.title'),
    forumThreads: await db
      .from('forum_threads')
      .orderBy('last_post_at', 'desc')
      .limit(5)
      .select('id', 'title', 'last_post_at'),
  }
}
