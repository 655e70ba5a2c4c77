/**
 * `--as=EMAIL` on the money steps of the command line (FORMATS.md): the acting user is an
 * active user whose role may do the step, the same rule as the web page's ability. The
 * step refuses without it, and the audit log records that user (docs/adr/0015).
 */
import { message } from '#services/messages'
import User from '#models/user'
import type { Role } from '#domain/roles'

export type MoneyStep = 'run' | 'approve' | 'issue' | 'credit'

/** Who may do each money step: running is office work, the rest is the controller's. */
export const STEP_ROLES: Record<MoneyStep, Role[]> = {
  run: ['samordnare', 'controller'],
  approve: ['controller'],
  issue: ['controller'],
  credit: ['controller'],
}

export async function actingUser(
  email: string | undefined,
  step: MoneyStep
): Promise<{ ok: true; user: User } | { ok: false; error: string }> {
  const address = email?.trim().toLowerCase() ?? ''
  if (!address) return { ok: false, error: message('controlLoop.refusals.asMissing') }
  const user = await User.query().whereRaw('lower(email) = ?', [address]).first()
  if (!user || !user.isActive)
    return { ok: false, error: message('controlLoop.refusals.asUnknown', { email: address }) }
  if (!STEP_ROLES[step].includes(user.role)) {
    return {
      ok: false,
      error: message('controlLoop.refusals.asRole', {
        email: address,
        role: user.role,
        step: message(`controlLoop.steps.${step}`),
      }),
    }
  }
  return { ok: true, user }
}
