import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { unreadCount } from '#queries/notifications/notifications'

/**
 * Shares the matched route's name, so the menu can mark the current page, and the
 * signed-in user's number of unread notifications for the header.
 */
export default class ViewStateMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.auth.user
    ctx.view.share({
      currentRoute: ctx.route?.name ?? '',
      // read with the user by the session guard (UserWithUnreadCountProvider); counted
      // here only for a user that came another way (just logged in, API token)
      unreadNotifications: user
        ? (user.$extras.unread_notifications ?? (await unreadCount(user.id)))
        : 0,
    })
    return next()
  }
}
