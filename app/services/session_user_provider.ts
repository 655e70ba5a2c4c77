/**
 * The signed-in user for the session guard, read together with their number of unread
 * notifications (for the header of every page) in one query instead of two. The count
 * lands in `user.$extras.unread_notifications`; the view state middleware uses it.
 */
import { SessionLucidUserProvider } from '@adonisjs/auth/session'
import type User from '#models/user'
import { prepared } from '#services/prepared_query'

export class UserWithUnreadCountProvider extends SessionLucidUserProvider<typeof User> {
  async findById(identifier: string | number | bigint) {
    const model = await this.getModel()
    const query = model.query()
    query
      .select(
        'users.*',
        query.client.raw(
          '(SELECT count(*) FROM notifications n WHERE n.user_id = users.id AND n.read_at IS NULL)::int AS unread_notifications'
        )
      )
      .where('users.id', Number(identifier))
      .limit(1)
    const [user] = await prepared(query)
    return user ? this.createUserForGuard(user) : null
  }
}
