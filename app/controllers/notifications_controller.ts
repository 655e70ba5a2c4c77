import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import {
  DELIVERIES,
  NOTIFICATION_KINDS,
  preferencesOf,
  savePreferences,
  type NotificationKind,
} from '#services/notifications'
import { mailEnabled } from '#services/mailer'
import { pageNumber } from '#domain/query_values'

const delivery = () => vine.enum(DELIVERIES)
const preferencesValidator = vine.create({
  forum_reply: delivery(),
  routine: delivery(),
  meeting: delivery(),
  deviation: delivery(),
} satisfies Record<NotificationKind, unknown>)

/** Aviseringar: each user's own notifications and their choice of what is e-mailed. */
export default class NotificationsController {
  async index({ request, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const notifications = await db
      .from('notifications')
      .where('user_id', auth.getUserOrFail().id)
      .orderBy('id', 'desc')
      .paginate(pageNumber(request.input('page')), 50)
    notifications.baseUrl(request.url())
    return view.render('pages/notifications/index', { notifications })
  }

  /** Open one notification: it is marked read and the user lands on what it is about. */
  async open({ params, response, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const notification = await db
      .from('notifications')
      .where('id', Number(params.id))
      .where('user_id', auth.getUserOrFail().id)
      .first()
    if (!notification) throw new Exception('Aviseringen finns inte', { status: 404 })
    await db
      .from('notifications')
      .where('id', notification.id)
      .whereNull('read_at')
      .update({ read_at: new Date() })
    // only paths inside the application (never an address elsewhere)
    return response
      .redirect()
      .toPath(
        notification.url.startsWith('/') && !notification.url.startsWith('//')
          ? notification.url
          : '/'
      )
  }

  async readAll({ response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    await db
      .from('notifications')
      .where('user_id', auth.getUserOrFail().id)
      .whereNull('read_at')
      .update({ read_at: new Date() })
    session.flash('success', i18n.t('notifications.allRead'))
    return response.redirect().toRoute('notifications.index')
  }

  async preferences({ view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    return view.render('pages/notifications/preferences', {
      preferences: await preferencesOf(auth.getUserOrFail().id),
      kinds: NOTIFICATION_KINDS,
      deliveries: DELIVERIES,
      mailOn: mailEnabled(),
    })
  }

  async updatePreferences({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const choices = await request.validateUsing(preferencesValidator)
    await savePreferences(auth.getUserOrFail().id, choices)
    session.flash('success', i18n.t('notifications.preferencesSaved'))
    return response.redirect().toRoute('notifications.preferences')
  }
}
