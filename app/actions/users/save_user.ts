import db from '@adonisjs/lucid/services/db'
import { uninviteRemoved, upcomingInvitees } from '#actions/meetings/invitee_changes'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
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
  /** further organisations a telephony contact is contact for (docs/adr/0028) */
  additionalOrganisationIds?: number[]
}

function organisationFor(input: UserInput) {
  return belongsToOrganisation(input.role) ? (input.organisationId ?? null) : null
}

/** Every organisation the user acts for: the home one first, then the others, ascending. */
function membershipsFor(input: UserInput) {
  const home = organisationFor(input)
  if (home === null) return []
  const others = [...new Set(input.additionalOrganisationIds ?? [])]
    .filter((id) => id !== home)
    .sort((a, b) => a - b)
  return [home, ...others]
}

/** Replace a user's memberships (the home organisation's row is also kept by a trigger). */
async function saveMemberships(trx: TransactionClientContract, userId: number, ids: number[]) {
  await trx
    .from('user_organisations')
    .where('user_id', userId)
    .whereNotIn('organisation_id', ids)
    .delete()
  if (ids.length === 0) return
  await trx
    .table('user_organisations')
    .insert(ids.map((organisationId) => ({ user_id: userId, organisation_id: organisationId })))
    .onConflict(['user_id', 'organisation_id'])
    .ignore()
}

/** A user's memberships as stored (for the form and the audit trail). */
export async function membershipsOfUser(userId: number, trx?: TransactionClientContract) {
  const rows = await (trx ?? db)
    .from('user_organisations as uo')
    .join('users as u', 'u.id', 'uo.user_id')
    .where('uo.user_id', userId)
    .orderByRaw('uo.organisation_id = u.organisation_id DESC, uo.organisation_id')
    .select('uo.organisation_id')
  return rows.map((row) => Number(row.organisation_id))
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
      await saveMemberships(trx, created.id, membershipsFor(input))
      await recordAudit(trx, {
        userId: actorId,
        action: 'create',
        entityType: 'user',
        entityId: created.id,
        summary: `Användaren ${created.email} skapades (${created.role})`,
        changes: diffChanges(
          {},
          {
            ...input,
            organisationId: created.organisationId,
            organisationIds: membershipsFor(input).join(','),
          },
          ['fullName', 'email', 'role', 'organisationId', 'organisationIds']
        ),
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
    const memberships = membershipsFor(input)
    const before = await membershipsOfUser(user.id, trx)
    const after = {
      fullName: input.fullName,
      email: input.email,
      role: input.role,
      organisationId: organisationFor(input),
    }
    const changes = diffChanges(
      {
        fullName: user.fullName,
        email: user.email,
        role: user.role,
        organisationId: user.organisationId,
        organisationIds: before.join(','),
      },
      { ...after, organisationIds: memberships.join(',') },
      ['fullName', 'email', 'role', 'organisationId', 'organisationIds']
    )
    if (Object.keys(changes).length === 0) return user
    // one no longer contact for an organisation (or of another role) is uninvited from the
    // upcoming meetings that were theirs (docs/adr/0031)
    const invitedBefore = await upcomingInvitees(trx)
    user.useTransaction(trx)
    user.merge(after)
    await user.save()
    await saveMemberships(trx, user.id, memberships)
    await recordAudit(trx, {
      userId: actorId,
      action: 'update',
      entityType: 'user',
      entityId: user.id,
      summary: `Användaren ${user.email} ändrades: ${Object.keys(changes).join(', ')}`,
      changes,
    })
    await uninviteRemoved(trx, invitedBefore)
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
