/**
 * The signed-in user for the session guard, read together with their number of unread
 * notifications (for the header of every page) and the organisations they are contact
 * for, in one query instead of three. The count lands in `user.$extras.unread_notifications`
 * (the view state middleware uses it), the memberships in `user.$extras.organisation_ids`.
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
        ),
        // the organisations a contact may act for (app/services/organisation_scope.ts)
        query.client.raw(
          "(SELECT coalesce(array_agg(uo.organisation_id ORDER BY uo.organisation_id), '{}') FROM user_organisations uo WHERE uo.user_id = users.id) AS organisation_ids"
        )
      )
      .where('users.id', Number(identifier))
      .limit(1)
    const [user] = await prepared(query)
    return user ? this.createUserForGuard(user) : null
  }
}
