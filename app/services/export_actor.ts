/**
 * `--as=EMAIL` on `finance:export --new`: the user the export batch is made as (FORMATS.md).
 * It must be an active user whose role may do the step (a controller); the batch and the
 * audit log then name that user. (The other money steps have the same rule in the control
 * loop's `actingUser`; the two can become one step table when both are on main.)
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
