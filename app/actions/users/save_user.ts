import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import type { Role } from '#domain/roles'
import { diffChanges, recordAudit } from '#services/audit'

export interface UserInput {
  fullName: string
  email: string
  role: Role
  organisationId?: number | null
}

/** Only telephony contacts belong to an organisation (DOMAIN.md "Users"). */
function organisationFor(input: UserInput) {
  return input.role === 'telefoniansvarig' ? (input.organisationId ?? null) : null
}

/**
 * The coordinator creates a user with a one-time password that must be changed at the
 * first login. There is no self-registration.
 */
export async function createUser(input: UserInput & { oneTimePassword: string }, actorId: number) {
  return db.transaction(async (trx) => {
    const user = new User()
    user.useTransaction(trx)
    user.merge({
      fullName: input.fullName,
      email: input.email,
      role: input.role,
      organisationId: organisationFor(input),
      password: input.oneTimePassword,
      mustChangePassword: true,
      isActive: true,
    })
    await user.save()
    await recordAudit(trx, {
      userId: actorId,
      action: 'create',
      entityType: 'user',
      entityId: user.id,
      summary: `Användaren ${user.email} skapades (${user.role})`,
      changes: diffChanges({}, { ...input, organisationId: user.organisationId, oneTimePassword: undefined }, [
        'fullName',
        'email',
        'role',
        'organisationId',
      ]),
    })
    return user
  })
}

export async function updateUser(user: User, input: UserInput, actorId: number) {
  return db.transaction(async (trx) => {
    const after = { ...input, organisationId: organisationFor(input) }
    const changes = diffChanges(
      { fullName: user.fullName, email: user.email, role: user.role, organisationId: user.organisationId },
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

/** The coordinator sets a one-time password; the user must change it at next login. */
export async function setOneTimePassword(user: User, password: string, actorId: number) {
  await db.transaction(async (trx) => {
    user.useTransaction(trx)
    user.password = password
    user.mustChangePassword = true
    await user.save()
    await recordAudit(trx, {
      userId: actorId,
      action: 'password',
      entityType: 'user',
      entityId: user.id,
      summary: `Engångslösenord sattes för ${user.email}`,
    })
  })
}

/** A user chooses a new password (after checking the current one in the controller). */
export async function changeOwnPassword(user: User, password: string) {
  await db.transaction(async (trx) => {
    user.useTransaction(trx)
    user.password = password
    user.mustChangePassword = false
    await user.save()
    await recordAudit(trx, {
      userId: user.id,
      action: 'password',
      entityType: 'user',
      entityId: user.id,
      summary: `${user.email} bytte lösenord`,
    })
  })
}
