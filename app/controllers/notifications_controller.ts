import type { HttpContext } from '@adonisjs/core/http'
import { DELIVERIES, kindsFor } from '#domain/notifications'
import {
  findOwnNotificationOrFail,
  notificationPage,
  preferencesOf,
} from '#queries/notifications/notifications'
import { savePreferences } from '#actions/notifications/save_notification_preferences'
import {
  markAllNotificationsRead,
  markNotificationRead,
} from '#actions/notifications/mark_notifications_read'
import { notificationPreferencesValidator } from '#validators/notification'
import { mailEnabled } from '#services/mailer'
import { pageNumber } from '#domain/query_values'
import { isPathInApp } from '#domain/paths'

/** Aviseringar: each user's own notifications and their choice of what is e-mailed. */
export default class NotificationsController {
  async index({ request, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const notifications = await notificationPage(
      auth.getUserOrFail().id,
      pageNumber(request.input('page'))
    )
    notifications.baseUrl(request.url())
    return view.render('pages/notifications/index', { notifications })
  }

  /** Open one notification: it is marked read and the user lands on what it is about. */
  async open({ params, response, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const notification = await findOwnNotificationOrFail(params.id, auth.getUserOrFail().id)
    await markNotificationRead(notification.id)
    // only paths inside the application (never an address elsewhere)
    return response.redirect().toPath(isPathInApp(notification.url) ? notification.url : '/')
  }

  async readAll({ response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    await markAllNotificationsRead(auth.getUserOrFail().id)
    session.flash('success', i18n.t('notifications.allRead'))
    return response.redirect().toRoute('notifications.index')
  }

  async preferences({ view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    return view.render('pages/notifications/preferences', {
      preferences: await preferencesOf(auth.getUserOrFail().id),
      kinds: kindsFor(auth.getUserOrFail().role),
      deliveries: DELIVERIES,
      mailOn: mailEnabled(),
    })
  }

  async updatePreferences({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const choices = await request.validateUsing(notificationPreferencesValidator)
    await savePreferences(auth.getUserOrFail().id, choices)
    session.flash('success', i18n.t('notifications.preferencesSaved'))
    return response.redirect().toRoute('notifications.preferences')
  }
}
