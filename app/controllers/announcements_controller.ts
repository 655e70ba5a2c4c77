import type { HttpContext } from '@adonisjs/core/http'
import { mailEnabled } from '#services/mailer'
import { ANNOUNCEMENT_KINDS } from '#domain/announcements'
import { todayInStockholm } from '#domain/periods'
import { announcementList } from '#queries/announcements/announcements'
import { publishAnnouncement } from '#actions/announcements/publish_announcement'
import { withdrawAnnouncement } from '#actions/announcements/withdraw_announcement'
import { announcementValidator } from '#validators/announcement'
import { renderMarkdown } from '#services/markdown'
import { refuseForm } from '#services/form_refusal'

/** Driftmeddelanden: everyone reads the current and coming ones; the coordinator publishes. */
export default class AnnouncementsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const coordinator = await bouncer.allows('administer')
    const { coming, past } = await announcementList(todayInStockholm(), coordinator)
    const withHtml = (rows: typeof coming) =>
      rows.map((row) => ({ ...row, html: renderMarkdown(row.body) }))
    return view.render('pages/announcements/index', {
      coming: withHtml(coming),
      past: withHtml(past),
      kinds: ANNOUNCEMENT_KINDS,
      today: todayInStockholm(),
    })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const input = await request.validateUsing(announcementValidator)
    const result = await publishAnnouncement(input, auth.getUserOrFail().id)
    if (!result.ok)
      return refuseForm(
        { session, response },
        i18n.t(`announcements.errors.${result.error}`, { title: input.title })
      )
    session.flash(
      'success',
      i18n.t(mailEnabled() ? 'announcements.published' : 'announcements.publishedMailOff', {
        title: input.title,
        notified: result.notified,
      })
    )
    return response.redirect().toRoute('announcements.index')
  }

  async withdraw({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const withdrawn = await withdrawAnnouncement(params.id, auth.getUserOrFail().id)
    session.flash(
      withdrawn ? 'success' : 'error',
      i18n.t(withdrawn ? 'announcements.withdrawn' : 'announcements.notFound')
    )
    return response.redirect().toRoute('announcements.index')
  }
}
