import type { HttpContext } from '@adonisjs/core/http'
import { mailEnabled } from '#services/mailer'
import { Exception } from '@adonisjs/core/exceptions'
import { refuseForm } from '#services/form_refusal'
import { ANSWERS, MEETING_KINDS, actionItemDueDateSpan } from '#domain/meetings'
import { stockholmDate } from '#domain/stockholm_time'
import { createMeeting, updateMeeting } from '#actions/meetings/schedule_meeting'
import { respond } from '#actions/meetings/respond_to_meeting'
import { publishMinutes } from '#actions/meetings/publish_minutes'
import {
  answerOf,
  findMeetingOrFail,
  meetingList,
  meetingResponses,
} from '#queries/meetings/meetings'
import {
  meetingValidator,
  meetingAnswerValidator,
  meetingFilterValidator,
  cancelMeetingValidator,
  minutesValidator,
  MINUTES_UPLOAD_LIMIT,
} from '#validators/meeting'
import { supplierReportPdf } from '#queries/quality/supplier_report'
import { renderMarkdown } from '#services/markdown'
import { readVerified } from '#services/stored_file'
import { sendDownload } from '#services/download'
import { withUpload } from '#services/uploads'
import { formatDateTime } from '#domain/formatting'
import { clock } from '#services/clock'
import { todayInStockholm } from '#domain/periods'
import { activeOrganisationOptions } from '#queries/organisations/list_organisations'
import { cancelMeeting } from '#actions/meetings/cancel_meeting'
import { organisationsWithoutReview, reviewIntervalMonths } from '#queries/meetings/reviews'
import { rowIdOrNull } from '#domain/query_values'
import { isOffice } from '#domain/roles'
import type User from '#models/user'
import Organisation from '#models/organisation'
import {
  carriedActionItems,
  meetingActionItems,
  meetingDecisions,
  meetingCancellations,
  meetingGuests,
  meetingViewer,
  possibleOwners,
  visibleMeeting,
} from '#queries/meetings/governance'

/** A meeting the user may see (docs/adr/0027), or 404: another's avstämning does not exist for them. */
async function meetingFor(id: unknown, user: User, i18n: HttpContext['i18n']) {
  const meeting = await visibleMeeting(Number(id), user)
  if (!meeting)
    throw new Exception(i18n.t('meetings.errors.notFound'), {
      status: 404,
      code: 'E_ROW_NOT_FOUND',
    })
  return meeting
}

/** A refusal's message parameters, when it has any (a guest address that is none). */
function refusalParams(result: object): Record<string, unknown> {
  return 'params' in result ? (result.params as Record<string, unknown>) : {}
}

/** The kinds of meeting as choices (the form, the list's filter). */
function kindChoices(i18n: HttpContext['i18n']) {
  return MEETING_KINDS.map((kind) => ({ value: kind, label: i18n.t(`meetings.kinds.${kind}`) }))
}

/**
 * The choices of the form: the kinds, and the organisations an avstämning can be with —
 * those active today, and the one the meeting already has.
 */
async function formChoices(i18n: HttpContext['i18n'], keepOrganisationId: number | null = null) {
  const organisations = await activeOrganisationOptions(keepOrganisationId)
  return {
    kinds: kindChoices(i18n),
    organisations: organisations.map((organisation) => ({
      value: organisation.id,
      label: `${organisation.code} ${organisation.name}`,
    })),
  }
}

/** The meeting's date and local (Stockholm) times as the form shows them. */
function formValues(
  meeting: {
    title: string
    starts_at: Date
    ends_at: Date
    place: string | null
    video_url: string | null
    agenda: string
    period: string | null
    kind: string
    organisation_id: number | null
  },
  guests: { email: string }[]
) {
  // formatDateTime gives "ÅÅÅÅ-MM-DD TT:MM" on the Stockholm clock
  const [date, startTime] = formatDateTime(meeting.starts_at).split(' ')
  return {
    title: meeting.title,
    date,
    startTime,
    endTime: formatDateTime(meeting.ends_at).split(' ')[1],
    place: meeting.place ?? '',
    videoUrl: meeting.video_url ?? '',
    agenda: meeting.agenda,
    period: meeting.period ?? '',
    kind: meeting.kind,
    organisationId: meeting.organisation_id ?? '',
    guests: guests.map((guest) => guest.email).join('\n'),
  }
}

/**
 * Möten (every kind: nätverksträff, styrgrupp, leverantörsmöte, avstämning): the coordinator
 * schedules, cancels and publishes minutes; the invitees answer.
 */
export default class MeetingsController {
  async index({ request, view, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const { typ } = await request.validateUsing(meetingFilterValidator, { data: request.qs() })
    const months = await reviewIntervalMonths()
    return view.render('pages/meetings/index', {
      ...(await meetingList(user.id, await meetingViewer(user), typ)),
      kinds: kindChoices(i18n),
      kind: typ ?? '',
      // the organisations without an avstämning (docs/adr/0031), for the office
      overdue: isOffice(user.role) ? await organisationsWithoutReview(clock.now(), months) : null,
      reviewMonths: months,
    })
  }

  async show({ params, view, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const meeting = await meetingFor(params.id, user, i18n)
    const responses = await meetingResponses(meeting.id)
    const owners = user.isCoordinator ? await possibleOwners(meeting) : []
    const counts = Object.fromEntries(
      ANSWERS.map((answer) => [answer, responses.filter((r) => r.answer === answer).length])
    )
    return view.render('pages/meetings/show', {
      meeting,
      agendaHtml: renderMarkdown(meeting.agenda),
      minutesHtml: meeting.minutes ? renderMarkdown(meeting.minutes) : null,
      responses,
      counts,
      myAnswer: await answerOf(meeting.id, user.id),
      answers: ANSWERS,
      past: meeting.ends_at.getTime() < clock.nowMs(),
      // governance (docs/adr/0027): guests, decisions, action items, those carried to it
      guests: await meetingGuests(meeting.id),
      cancellations: user.isCoordinator ? await meetingCancellations(meeting.id) : [],
      decisions: await meetingDecisions(meeting.id),
      actionItems: await meetingActionItems(meeting.id),
      carriedItems: await carriedActionItems(meeting),
      owners: owners.map((owner) => ({ value: owner.id, label: owner.full_name })),
      // the due dates a new action item may have (docs/adr/0027, addendum), named in the form
      dueDateSpan: actionItemDueDateSpan(stockholmDate(meeting.starts_at.getTime())),
      organisation: meeting.organisation_id
        ? await Organisation.find(meeting.organisation_id)
        : null,
      today: todayInStockholm(),
    })
  }

  async create({ request, view, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    // "Planera en avstämning" from an organisation's page: the kind and organisation chosen
    const organisationId = rowIdOrNull(request.input('organisation'))
    return view.render('pages/meetings/form', {
      meeting: null,
      values: organisationId ? { kind: 'review', organisationId } : {},
      ...(await formChoices(i18n)),
    })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(meetingValidator)
    const result = await createMeeting(values, auth.getUserOrFail().id)
    if (!result.ok)
      return refuseForm(
        { session, response },
        i18n.t(`meetings.errors.${result.error}`, refusalParams(result))
      )
    session.flash('success', i18n.t('meetings.created', { invited: result.invited }))
    return response.redirect().toRoute('meetings.show', { id: result.id })
  }

  async edit({ params, view, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const meeting = await findMeetingOrFail(params.id)
    return view.render('pages/meetings/form', {
      meeting,
      values: formValues(meeting, await meetingGuests(meeting.id)),
      ...(await formChoices(i18n, meeting.organisation_id)),
    })
  }

  async update({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const meeting = await findMeetingOrFail(params.id)
    const values = await request.validateUsing(meetingValidator)
    const result = await updateMeeting(meeting.id, values, auth.getUserOrFail().id)
    if (!result.ok)
      return refuseForm(
        { session, response },
        i18n.t(`meetings.errors.${result.error}`, refusalParams(result))
      )
    session.flash('success', i18n.t('meetings.saved'))
    return response.redirect().toRoute('meetings.show', { id: meeting.id })
  }

  async respond({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const meeting = await meetingFor(params.id, auth.getUserOrFail(), i18n)
    const { answer } = await request.validateUsing(meetingAnswerValidator)
    if (meeting.cancelled_at)
      return refuseForm({ session, response }, i18n.t('meetings.errors.cancelled'))
    await respond(meeting.id, auth.getUserOrFail().id, answer)
    session.flash(
      'success',
      i18n.t('meetings.answered', { answer: i18n.t(`meetings.answers.${answer}`) })
    )
    return response.redirect().toRoute('meetings.show', { id: meeting.id })
  }

  /** Ställ in: the invitees are notified and the guests who had an invitation get a cancellation. */
  async cancel({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const meeting = await findMeetingOrFail(params.id)
    const { confirm } = await request.validateUsing(cancelMeetingValidator)
    if (!confirm) return refuseForm({ session, response }, i18n.t('meetings.errors.confirmCancel'))
    const result = await cancelMeeting(meeting.id, auth.getUserOrFail().id)
    if (!result.ok)
      return refuseForm({ session, response }, i18n.t(`meetings.errors.${result.error}`))
    session.flash(
      'success',
      i18n.t(mailEnabled() ? 'meetings.cancelledDone' : 'meetings.cancelledDoneMailOff', {
        guests: result.guests,
      })
    )
    return response.redirect().toRoute('meetings.show', { id: meeting.id })
  }

  async minutes({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/meetings/minutes', { meeting: await findMeetingOrFail(params.id) })
  }

  /** The form may carry a PDF: read only now, after authorisation, and deleted when done. */
  async publishMinutes(ctx: HttpContext) {
    const { params, request, response, session, auth, bouncer, i18n } = ctx
    await bouncer.authorize('administer')
    const meeting = await findMeetingOrFail(params.id)
    return withUpload(ctx, MINUTES_UPLOAD_LIMIT, async () => {
      const values = await request.validateUsing(minutesValidator)
      const input = { minutes: values.minutes, pdfPath: values.pdf?.tmpPath }
      const result = await publishMinutes(meeting.id, input, auth.getUserOrFail().id)
      if (!result.ok)
        return refuseForm(
          { session, response },
          i18n.t(`meetings.errors.${result.error}`, 'params' in result ? result.params : {})
        )
      session.flash('success', i18n.t('meetings.minutesPublished'))
      return response.redirect().toRoute('meetings.show', { id: meeting.id })
    })
  }

  async minutesPdf({ params, response, bouncer, i18n, auth }: HttpContext) {
    await bouncer.authorize('useApp')
    const meeting = await meetingFor(params.id, auth.getUserOrFail(), i18n)
    if (!meeting.minutes_pdf_path)
      throw new Exception(i18n.t('meetings.errors.noMinutesPdf'), { status: 404 })
    const pdf = await readVerified(meeting.minutes_pdf_path, meeting.minutes_pdf_sha256, {
      name: `minnesanteckningar träff ${meeting.id}`,
      damagedMessage: 'storage.minutesPdfDamaged',
    })
    return sendDownload(
      response,
      `minnesanteckningar-traff-${meeting.id}.pdf`,
      'application/pdf',
      pdf
    )
  }

  /** The quality report of the period the meeting is about, attached by the coordinator for everyone invited. */
  async qualityReport({ params, response, bouncer, i18n, auth }: HttpContext) {
    await bouncer.authorize('useApp')
    const meeting = await meetingFor(params.id, auth.getUserOrFail(), i18n)
    if (!meeting.period)
      throw new Exception(i18n.t('meetings.errors.noQualityReport'), { status: 404 })
    const pdf = await supplierReportPdf(meeting.period)
    return sendDownload(
      response,
      `leverantorsuppfoljning-${meeting.period}.pdf`,
      'application/pdf',
      pdf
    )
  }
}
