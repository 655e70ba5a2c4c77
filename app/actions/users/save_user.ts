import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import User from '#models/user'
import { belongsToOrganisation, type Role } from '#domain/roles'
import { oneTimePasswordExpiry } from '#domain/passwords'
import { diffChanges, recordAudit } from '#services/audit'
import { generateOneTimePassword } from '#services/passwords'
import { endSessionsOf } from '#services/user_sessions'

export interface UserInput {
  fullName: string
  email: string
  role: Role
  organisationId?: number | null
}

function organisationFor(input: UserInput) {
  return belongsToOrganisation(input.role) ? (input.organisationId ?? null) : null
}

/** A new one-time password, generated here (never typed by a person), and when it expires. */
function newOneTimePassword() {
  const now = new Date()
  return {
    oneTimePassword: generateOneTimePassword(),
    expiresAt: DateTime.fromJSDate(oneTimePasswordExpiry(now)),
  }
}

export type CreateUserResult =
  { ok: true; user: User; oneTimePassword: string } | { ok: false; reason: 'duplicateEmail' }

/**
 * The coordinator (or `node ace users:create`) creates a user with a one-time password
 * that the app generates; it must be changed at the first login, within 7 days. There is
 * no self-registration. `actorId` is null on the command line.
 */
export async function createUser(
  input: UserInput,
  actorId: number | null
): Promise<CreateUserResult> {
  const { oneTimePassword, expiresAt } = newOneTimePassword()
  try {
    const user = await db.transaction(async (trx) => {
      const created = new User()
      created.useTransaction(trx)
      created.merge({
        fullName: input.fullName,
        email: input.email,
        role: input.role,
        organisationId: organisationFor(input),
        password: oneTimePassword,
        mustChangePassword: true,
        oneTimePasswordExpiresAt: expiresAt,
        isActive: true,
      })
      await created.save()
      await recordAudit(trx, {
        userId: actorId,
        action: 'create',
        entityType: 'user',
        entityId: created.id,
        summary: `Användaren ${created.email} skapades (${created.role})`,
        changes: diffChanges({}, { ...input, organisationId: created.organisationId }, [
          'fullName',
          'email',
          'role',
          'organisationId',
        ]),
      })
      return created
    })
    return { ok: true, user, oneTimePassword }
  } catch (error) {
    // two creations of one address at once: the second meets the unique index
    if ((error as { code?: string }).code === '23505')
      return { ok: false, reason: 'duplicateEmail' }
    throw error
  }
}

export async function updateUser(user: User, input: UserInput, actorId: number) {
  return db.transaction(async (trx) => {
    const after = { ...input, organisationId: organisationFor(input) }
    const changes = diffChanges(
      {
        fullName: user.fullName,
        email: user.email,
        role: user.role,
        organisationId: user.organisationId,
      },
      after,
      ['fullName', 'email', 'role', 'organisationId']
    )
    if (Object.keys(changes).length === 0) return user
    user.useTransaction(trx)
    user.merge(after)
    await user.save()
    await recordAudit(trx, {
      userId: actorId,
      action: 'update',
      entityType: 'user',
      entityId: user.id,
      summary: `Användaren ${user.email} ändrades: ${Object.keys(changes).join(', ')}`,
      changes,
    })
    return user
  })
}

/** Deactivate (or reactivate) a user; a deactivated user's sessions end at once. */
export async function setUserActive(user: User, active: boolean, actorId: number) {
  if (user.id === actorId && !active) return { ok: false as const, reason: 'self' as const }
  await db.transaction(async (trx) => {
    user.useTransaction(trx)
    user.isActive = active
    await user.save()
    if (!active) await trx.from('sessions').where('user_id', String(user.id)).delete()
    await recordAudit(trx, {
      userId: actorId,
      action: active ? 'activate' : 'deactivate',
      entityType: 'user',
      entityId: user.id,
      summary: `Användaren ${user.email} ${active ? 'aktiverades' : 'inaktiverades'}`,
      changes: { isActive: { from: !active, to: active } },
    })
  })
  return { ok: true as const }
}

/**
 * A new one-time password for a user who forgot theirs (or whose one expired): generated
 * here, valid 7 days; the user's sessions end, since whoever asks for a new password may
 * be locking someone else out.
 */
export async function issueOneTimePassword(user: User, actorId: number | null) {
  const { oneTimePassword, expiresAt } = newOneTimePassword()
  await db.transaction(async (trx) => {
    user.useTransaction(trx)
    user.password = oneTimePassword
    user.mustChangePassword = true
    user.oneTimePasswordExpiresAt = expiresAt
    await user.save()
    await recordAudit(trx, {
      userId: actorId,
      action: 'password',
      entityType: 'user',
      entityId: user.id,
      summary: `Engångslösenord sattes för ${user.email}`,
    })
  })
  await endSessionsOf(user.id)
  return { oneTimePassword, expiresAt }
}
