/**
 * `--as=EMAIL` on the command line: the user a money step is done as (FORMATS.md). It must
 * be an active user whose role may do the step; the audit log then names that user.
 */
import User from '#models/user'
import type { Role } from '#domain/roles'
import { message } from '#services/messages'

export async function resolveActingUser(
  email: string | undefined,
  roles: Role[]
): Promise<{ ok: true; user: User } | { ok: false; error: string }> {
  const address = (email ?? '').trim().toLowerCase()
  if (!address) return { ok: false, error: message('exports.as.missing') }
  if (address.length > 254)
    return { ok: false, error: message('exports.as.unknown', { email: address.slice(0, 60) }) }
  const user = await User.query().whereRaw('lower(email) = ?', [address]).first()
  if (!user) return { ok: false, error: message('exports.as.unknown', { email: address }) }
  if (!user.isActive)
    return { ok: false, error: message('exports.as.inactive', { email: address }) }
  if (!roles.includes(user.role))
    return {
      ok: false,
      error: message('exports.as.role', { email: address, role: message(`roles.${user.role}`) }),
    }
  return { ok: true, user }
}
