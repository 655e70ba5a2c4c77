import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { refuseForm } from '#services/form_refusal'
import {
  ANSWERS,
  createMeeting,
  meetingList,
  publishMinutes,
  respond,
  updateMeeting,
} from '#actions/meetings/meetings'
import { supplierReportPdf } from '#actions/quality/supplier_follow_up'
import { renderMarkdown } from '#services/markdown'
import { readVerified } from '#services/stored_file'
import { sendDownload } from '#services/download'
import { withUpload } from '#services/uploads'
import { formatDateTime } from '#domain/formatting'
import { noControlCharacters } from '#validators/plain_text'
import { clock } from '#services/clock'

const meetingValidator = vine.create({
  title: vine.string().trim().minLength(3).maxLength(200).use(noControlCharacters()),
  date: vine.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  startTime: vine.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  endTime: vine.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  place: vine
    .string()
    .trim()
    .maxLength(200)
    .use(noControlCharacters())
    .optional()
    .requiredIfMissing('videoUrl'),
  videoUrl: vine
    .string()
    .trim()
    .maxLength(500)
    .url({ require_protocol: true, protocols: ['https'] })
    .optional(),
  agenda: vine.string().trim().maxLength(20_000).optional(),
  period: vine
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
})
const answerValidator = vine.create({ answer: vine.enum(ANSWERS) })
/** The minutes' PDF; a larger request is refused with 413 before it is stored. */
const MINUTES_UPLOAD_LIMIT = '20mb'
const minutesValidator = vine.create({
  minutes: vine.string().trim().maxLength(100_000).optional(),
  pdf: vine.file({ size: MINUTES_UPLOAD_LIMIT, extnames: ['pdf'] }).optional(),
})

async function meetingOrFail(id: unknown) {
  const meeting = await db.from('meetings').where('id', Number(id)).first()
  if (!meeting) throw new Exception('Träffen finns inte', { status: 404 })
  return meeting
}

/** The meeting's date and local (Stockholm) times as the form shows them. */
function formValues(meeting: {
  title: string
  starts_at: Date
  ends_at: Date
  place: string | null
  video_url: string | null
  agenda: string
  period: string | null
}) {
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
  }
}

/** Nätverksträffar: the coordinator schedules and publishes minutes; everyone answers. */
export default class MeetingsController {
  async index({ view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    return view.render('pages/meetings/index', await meetingList(auth.getUserOrFail().id))
  }

  async show({ params, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const meeting = await meetingOrFail(params.id)
    const user = auth.getUserOrFail()
    const responses = await db
      .from('meeting_responses as r')
      .join('users as u', 'u.id', 'r.user_id')
      .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
      .where('r.meeting_id', meeting.id)
      .orderBy(['r.answer', 'u.full_name'])
      .select('r.answer', 'u.full_name', 'o.name as organisation')
    const counts = Object.fromEntries(
      ANSWERS.map((answer) => [answer, responses.filter((r) => r.answer === answer).length])
    )
    const mine = await db
      .from('meeting_responses')
      .where('meeting_id', meeting.id)
      .where('user_id', user.id)
      .first()
    return view.render('pages/meetings/show', {
      meeting,
      agendaHtml: renderMarkdown(meeting.agenda),
      minutesHtml: meeting.minutes ? renderMarkdown(meeting.minutes) : null,
      responses,
      counts,
      myAnswer: mine?.answer ?? null,
      answers: ANSWERS,
      past: meeting.ends_at.getTime() < clock.nowMs(),
    })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/meetings/form', { meeting: null, values: {} })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(meetingValidator)
    const result = await createMeeting(values, auth.getUserOrFail().id)
    if (!result.ok) return refuseForm({ session, response }, result.error)
    session.flash('success', i18n.t('meetings.created'))
    return response.redirect().toRoute('meetings.show', { id: result.id })
  }

  async edit({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const meeting = await meetingOrFail(params.id)
    return view.render('pages/meetings/form', { meeting, values: formValues(meeting) })
  }

  async update({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const meeting = await meetingOrFail(params.id)
    const values = await request.validateUsing(meetingValidator)
    const result = await updateMeeting(meeting.id, values, auth.getUserOrFail().id)
    if (!result.ok) return refuseForm({ session, response }, result.error)
    session.flash('success', i18n.t('meetings.saved'))
    return response.redirect().toRoute('meetings.show', { id: meeting.id })
  }

  async respond({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const meeting = await meetingOrFail(params.id)
    const { answer } = await request.validateUsing(answerValidator)
    await respond(meeting.id, auth.getUserOrFail().id, answer)
    session.flash(
      'success',
      i18n.t('meetings.answered', { answer: i18n.t(`meetings.answers.${answer}`) })
    )
    return response.redirect().toRoute('meetings.show', { id: meeting.id })
  }

  async minutes({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/meetings/minutes', { meeting: await meetingOrFail(params.id) })
  }

  /** The form may carry a PDF: read only now, after authorisation, and deleted when done. */
  async publishMinutes(ctx: HttpContext) {
    const { params, request, response, session, auth, bouncer, i18n } = ctx
    await bouncer.authorize('administer')
    const meeting = await meetingOrFail(params.id)
    return withUpload(ctx, MINUTES_UPLOAD_LIMIT, async () => {
      const values = await request.validateUsing(minutesValidator)
      const input = { minutes: values.minutes, pdfPath: values.pdf?.tmpPath }
      const result = await publishMinutes(meeting.id, input, auth.getUserOrFail().id)
      if (!result.ok) return refuseForm({ session, response }, result.error)
      session.flash('success', i18n.t('meetings.minutesPublished'))
      return response.redirect().toRoute('meetings.show', { id: meeting.id })
    })
  }

  async minutesPdf({ params, response, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const meeting = await meetingOrFail(params.id)
    if (!meeting.minutes_pdf_path)
      throw new Exception('Träffen har ingen PDF med minnesanteckningar', { status: 404 })
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
  async qualityReport({ params, response, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const meeting = await meetingOrFail(params.id)
    if (!meeting.period) throw new Exception('Träffen har ingen kvalitetsrapport', { status: 404 })
    const pdf = await supplierReportPdf(meeting.period)
    return sendDownload(
      response,
      `leverantorsuppfoljning-${meeting.period}.pdf`,
      'application/pdf',
      pdf
    )
  }
}
