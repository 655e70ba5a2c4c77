import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { refuseForm } from '#services/form_refusal'
import { isoDayOf } from '#domain/periods'
import { sendDownload } from '#services/download'
import {
  addActionItem,
  completeActionItem,
  recordDecision,
  resendGuestInvitations,
  saveSteeringGroup,
} from '#actions/meetings/record_outcomes'
import { steeringGroupCandidates, visibleMeeting } from '#queries/meetings/governance'
import { findMeetingOrFail } from '#queries/meetings/meetings'
import { meetingCalendarFile } from '#queries/meetings/calendar'
import { actionItemValidator, decisionValidator, steeringGroupValidator } from '#validators/meeting'

/**
 * Governance meetings (issue 16, point 7; docs/adr/0027): the calendar file, decisions and
 * action items, and who is in the steering group.
 */
export default class MeetingGovernanceController {
  /** The meeting as an .ics file for one's calendar (those who may see the meeting). */
  async calendar({ params, response, bouncer, auth, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const meeting = await visibleMeeting(Number(params.id), user)
    if (!meeting)
      throw new Exception(i18n.t('meetings.errors.notFound'), {
        status: 404,
        code: 'E_ROW_NOT_FOUND',
      })
    const ics = await meetingCalendarFile(meeting, { locale: user.locale || 'sv' })
    return sendDownload(response, `mote-${meeting.id}.ics`, 'text/calendar; charset=utf-8', ics)
  }

  async storeDecision({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const meeting = await findMeetingOrFail(params.id)
    const { decision } = await request.validateUsing(decisionValidator)
    const result = await recordDecision(meeting.id, decision, auth.getUserOrFail().id)
    if (!result.ok)
      return refuseForm({ session, response }, i18n.t(`meetings.errors.${result.error}`))
    session.flash('success', i18n.t('meetings.decisionSaved'))
    return response.redirect().toRoute('meetings.show', { id: meeting.id })
  }

  async storeActionItem({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const meeting = await findMeetingOrFail(params.id)
    const values = await request.validateUsing(actionItemValidator)
    const result = await addActionItem(
      meeting.id,
      {
        text: values.actionItem,
        ownerId: values.ownerId,
        ownerName: values.ownerName,
        dueDate: isoDayOf(values.dueDate),
      },
      auth.getUserOrFail().id
    )
    if (!result.ok)
      return refuseForm(
        { session, response },
        i18n.t(`meetings.errors.${result.error}`, 'params' in result ? result.params : {})
      )
    session.flash('success', i18n.t('meetings.actionItemSaved'))
    return response.redirect().toRoute('meetings.show', { id: meeting.id })
  }

  /** :id is the action item's (it may be shown, carried, on a later meeting's page). */
  async completeActionItem({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const result = await completeActionItem(Number(params.id), auth.getUserOrFail().id)
    if (!result.ok)
      return refuseForm({ session, response }, i18n.t(`meetings.errors.${result.error}`))
    session.flash('success', i18n.t('meetings.actionItemDone'))
    return response.redirect().back()
  }

  /** "Skicka igen": the failed guest invitations go out with the next sweep (within a minute). */
  async resendInvitations({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const meeting = await findMeetingOrFail(params.id)
    const result = await resendGuestInvitations(meeting.id, auth.getUserOrFail().id)
    if (!result.ok)
      return refuseForm({ session, response }, i18n.t(`meetings.errors.${result.error}`))
    session.flash('success', i18n.t('meetings.invitationsRequeued', { count: result.count }))
    return response.redirect().toRoute('meetings.show', { id: meeting.id })
  }

  async steeringGroup({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/meetings/steering_group', {
      candidates: await steeringGroupCandidates(),
    })
  }

  async updateSteeringGroup({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const { members } = await request.validateUsing(steeringGroupValidator)
    const result = await saveSteeringGroup(members ?? [], auth.getUserOrFail().id)
    if (!result.ok)
      return refuseForm(
        { session, response },
        i18n.t('meetings.errors.unknownMembers', { ids: result.unknown.join(', ') })
      )
    session.flash('success', i18n.t('meetings.steeringGroupSaved'))
    return response.redirect().toRoute('steering_group.edit')
  }
}
