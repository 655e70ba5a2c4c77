/**
 * A user chooses a new password (required after a one-time password). Wrong current
 * passwords are counted like failed logins (the same limit, per user): a stolen session
 * cannot be used to guess the password. The new password ends the user's other sessions;
 * the one making the change stays logged in. The new password's rules are checked by the
 * validator (app/validators/session.ts, app/domain/passwords.ts).
 */
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import type User from '#models/user'
import { recordAudit } from '#services/audit'
import { endSessionsOf } from '#services/user_sessions'
import { loginLimiter } from '#actions/users/log_in'

export type ChangePasswordResult =
  | { ok: true; endedSessions: number }
  | { ok: false; reason: 'wrongCurrent' }
  | { ok: false; reason: 'throttled'; minutes: number }

export async function changeOwnPassword(input: {
  user: User
  currentPassword: string
  newPassword: string
  /** the session making the change, which stays */
  sessionId: string
}): Promise<ChangePasswordResult> {
  const { user } = input
  const attempts = loginLimiter()
  const key = `password_change_${user.id}`
  const state = await attempts.get(key)
  if (state && state.remaining <= 0) {
    return {
      ok: false,
      reason: 'throttled',
      minutes: Math.max(1, Math.ceil(state.availableIn / 60)),
    }
  }
  if (!(await hash.verify(user.password, input.currentPassword))) {
    const count = await attempts.increment(key)
    if (count.consumed >= count.limit) await attempts.block(key, attempts.blockDuration)
    return { ok: false, reason: 'wrongCurrent' }
  }
  await attempts.delete(key)

  await db.transaction(async (trx) => {
    user.useTransaction(trx)
    user.password = input.newPassword
    user.mustChangePassword = false
    user.oneTimePasswordExpiresAt = null
    await user.save()
    await recordAudit(trx, {
      userId: user.id,
      action: 'password',
      entityType: 'user',
      entityId: user.id,
      summary: `${user.email} bytte lösenord`,
    })
  })
  return { ok: true, endedSessions: await endSessionsOf(user.id, input.sessionId) }
}
