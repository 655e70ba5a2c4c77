/**
 * Logging in with e-mail and password, under two limits kept in PostgreSQL (config/limiter.ts):
 *
 * - per e-mail address and client address: LOGIN_MAX_ATTEMPTS (5) failures within
 *   15 minutes block that pair for 15 minutes;
 * - per account, whatever the address: 20 failures within an hour lock the account for
 *   15 minutes, and its user gets a notice (in the app and by e-mail), because someone
 *   is guessing their password from many places.
 *
 * Both count unknown e-mail addresses too, so a refusal says nothing about who has an
 * account. A successful login clears both. The client address is the request's, which
 * trusts `X-Forwarded-For` only from TRUSTED_PROXIES (app/services/trusted_proxies.ts).
 */
import limiter from '@adonisjs/limiter/services/main'
import logger from '@adonisjs/core/services/logger'
import { errors } from '@adonisjs/auth'
import env from '#start/env'
import User from '#models/user'
import { paths } from '#domain/paths'
import { SECURITY_KIND } from '#domain/notifications'
import { notify } from '#actions/notifications/notify'

export const ACCOUNT_LOCK_FAILURES = 20
export const ACCOUNT_LOCK_MINUTES = 15

/** Failures per e-mail address and client address within 15 minutes. */
export function loginLimiter() {
  return limiter.use('database', {
    requests: env.get('LOGIN_MAX_ATTEMPTS', 5),
    duration: '15 mins',
    blockDuration: '15 mins',
  })
}

/** Failures per account from any address within an hour. */
function accountLimiter() {
  return limiter.use('database', {
    requests: ACCOUNT_LOCK_FAILURES,
    duration: '1 hour',
    blockDuration: `${ACCOUNT_LOCK_MINUTES} mins`,
  })
}

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' | 'expired' }
  | { ok: false; reason: 'throttled' | 'locked'; minutes: number }

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60))

export async function logIn(input: {
  email: string
  password: string
  ip: string
}): Promise<LoginResult> {
  const perAddress = loginLimiter()
  const perAccount = accountLimiter()
  const addressKey = `login_${input.email}_${input.ip}`
  const accountKey = `login_account_${input.email}`

  const [address, account] = await Promise.all([
    perAddress.get(addressKey),
    perAccount.get(accountKey),
  ])
  if (account && account.remaining <= 0)
    return { ok: false, reason: 'locked', minutes: minutes(account.availableIn) }
  if (address && address.remaining <= 0)
    return { ok: false, reason: 'throttled', minutes: minutes(address.availableIn) }

  const user = await verify(input.email, input.password)
  if (!user) {
    const [addressCount, accountCount] = await Promise.all([
      perAddress.increment(addressKey),
      perAccount.increment(accountKey),
    ])
    if (addressCount.consumed >= addressCount.limit)
      await perAddress.block(addressKey, perAddress.blockDuration)
    if (accountCount.consumed >= accountCount.limit) {
      await perAccount.block(accountKey, perAccount.blockDuration)
      // the failure that reached the limit tells the user, once per lock
      if (accountCount.consumed === accountCount.limit) await accountLocked(input.email)
      return { ok: false, reason: 'locked', minutes: ACCOUNT_LOCK_MINUTES }
    }
    return { ok: false, reason: 'invalid' }
  }
  // the right one-time password, but too late: not a guess, so not counted either way
  if (user.oneTimePasswordHasExpired) return { ok: false, reason: 'expired' }
  await Promise.all([perAddress.delete(addressKey), perAccount.delete(accountKey)])
  return { ok: true, user }
}

/** The active user with this e-mail and password, or null (in constant time either way). */
async function verify(email: string, password: string) {
  try {
    const user = await User.verifyCredentials(email, password)
    return user.isActive ? user : null
  } catch (failure) {
    if (failure instanceof errors.E_INVALID_CREDENTIALS) return null
    throw failure
  }
}

async function accountLocked(email: string) {
  const user = await User.findBy('email', email)
  logger.warn(
    { userId: user?.id ?? null },
    'login: account locked after %d failed attempts',
    ACCOUNT_LOCK_FAILURES
  )
  if (!user) return
  await notify([user.id], SECURITY_KIND, {
    key: 'accountLocked',
    params: { attempts: ACCOUNT_LOCK_FAILURES, minutes: ACCOUNT_LOCK_MINUTES },
    url: paths.password(),
  })
}
