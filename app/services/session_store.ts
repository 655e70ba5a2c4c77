/**
 * Sessions in PostgreSQL (table `sessions`): the app stays stateless, and a session is
 * tagged with its user at login so that deactivating the user deletes their sessions.
 *
 * It behaves like @adonisjs/session's database store except for one thing: that store
 * writes a new expiry on every request that does not change the session (a committed
 * UPDATE per page view, about a quarter of the forum pages' throughput). Here the expiry
 * still slides eight hours after the last activity, but it is only written once it is
 * more than five minutes old, so a session can end at most five minutes earlier than
 * "eight hours after the last click". See docs/adr/0008-sessions.md.
 *
 * The payload is encrypted at rest (AES-256-GCM keyed by APP_KEY, bound to the session
 * id): a session holds a CSRF secret and, for one request, flashed form input, and a
 * database dump or backup must not be a list of them. A row that does not decrypt —
 * written before encryption, with another APP_KEY, or for another session id — is no
 * session. See docs/adr/0011.
 *
 * Besides that idle timeout a session has an absolute lifetime (12 hours, config/session.ts):
 * the row keeps the time it was created (a login starts a new session), and a session older
 * than that is ended whatever the activity, so a stolen cookie cannot be kept alive.
 *
 * Only signed-in sessions are rows. A visitor who is not signed in still has a session
 * (the CSRF secret of the login form, a flashed error), but it lives in an encrypted
 * cookie of its own, as @adonisjs/session's cookie store keeps it: otherwise every
 * anonymous request was a new row for eight hours, and anyone could fill the database
 * with GET requests. Signing in moves the session into a row (the id is regenerated
 * then); signing out moves it back to the cookie and deletes the row.
 */
import encryption from '@adonisjs/core/services/encryption'
import string from '@adonisjs/core/helpers/string'
import type { Database } from '@adonisjs/lucid/database'
import { prepared } from '#services/prepared_query'
import type { HttpContext } from '@adonisjs/core/http'
import type { CookieOptions } from '@adonisjs/core/types/http'
import type { SessionData, SessionStoreWithTaggingContract } from '@adonisjs/session/types'

/** The session key the `web` guard keeps the signed-in user under. */
const SIGNED_IN_KEY = 'auth_web'

/** Where a visitor's session is kept until they sign in: the request's cookies. */
export interface GuestCookies {
  ctx: HttpContext
  cookie: Partial<CookieOptions>
  /** the session cookie's name: a request without it has a new session, with nothing to read */
  cookieName?: string
}

/** How old a stored expiry may get before a request without changes renews it. */
export const SESSION_REFRESH_SECONDS = 300
/** Expired rows are deleted by one write in fifty. */
const GARBAGE_COLLECTION_PROBABILITY = 0.02

export class PostgresSessionStore implements SessionStoreWithTaggingContract {
  #ttlSeconds: number
  /** the expiry read by this request (a store lives for one request) */
  #expiresAt: number | null = null

  #db: Database
  #lifetimeSeconds: number
  #guests: GuestCookies | null
  /** where this request found the session: a row, the guest cookie, or nowhere yet */
  #foundIn: 'row' | 'cookie' | null = null

  /**
   * `age`: the idle timeout; `lifetime`: how long a session may last at most; `guests`:
   * keep sessions that are not signed in in an encrypted cookie (without it, all in rows).
   */
  constructor(
    db: Database,
    age: string | number,
    lifetime: string | number,
    guests: GuestCookies | null = null
  ) {
    this.#db = db
    this.#ttlSeconds = string.seconds.parse(age)
    this.#lifetimeSeconds = string.seconds.parse(lifetime)
    this.#guests = guests
  }

  #guestSession(sessionId: string): SessionData | null {
    const value = this.#guests?.ctx.request.encryptedCookie(sessionId)
    return value && typeof value === 'object' ? (value as SessionData) : null
  }

  #forgetGuestCookie(sessionId: string) {
    if (this.#guests && this.#guests.ctx.request.cookiesList()[sessionId] !== undefined) {
      this.#guests.ctx.response.clearCookie(sessionId)
    }
  }

  #parse(contents: string, sessionId: string): SessionData | null {
    try {
      const data = encryption.decrypt<SessionData>(contents, sessionId)
      return data && typeof data === 'object' ? data : null
    } catch {
      return null
    }
  }

  #seal(values: SessionData, sessionId: string) {
    return encryption.encrypt(values, undefined, sessionId)
  }

  #newExpiry() {
    return new Date(Date.now() + this.#ttlSeconds * 1000)
  }

  async read(sessionId: string) {
    const guest = this.#guestSession(sessionId)
    if (guest) {
      this.#foundIn = 'cookie'
      return guest
    }
    // A request that brought no session id (a load balancer's probe, a first visit) has a
    // new one: no row can hold it, so the database is not asked — /health/live and the
    // error pages answer while it is away.
    const cookieName = this.#guests?.cookieName
    if (cookieName && this.#guests!.ctx.request.cookie(cookieName) !== sessionId) return null
    const [row] = await prepared(
      this.#db
        .from('sessions')
        .select('data', 'expires_at', 'created_at')
        .where('id', sessionId)
        .limit(1)
    )
    if (!row) return null
    const expiresAt = new Date(row.expires_at).getTime()
    const endsAt = new Date(row.created_at).getTime() + this.#lifetimeSeconds * 1000
    if (Date.now() > expiresAt || Date.now() > endsAt) {
      await this.destroy(sessionId)
      return null
    }
    this.#expiresAt = expiresAt
    this.#foundIn = 'row'
    return this.#parse(row.data, sessionId)
  }

  async write(sessionId: string, values: SessionData) {
    if (this.#guests && !(SIGNED_IN_KEY in values)) {
      this.#guests.ctx.response.encryptedCookie(sessionId, values, this.#guests.cookie)
      // signed out: the row goes, the session lives on as a visitor's
      if (this.#foundIn === 'row') await this.#db.from('sessions').where('id', sessionId).delete()
      return
    }
    if (this.#foundIn === 'cookie') this.#forgetGuestCookie(sessionId)
    await this.#db.rawQuery(
      `INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
      [sessionId, this.#seal(values, sessionId), this.#newExpiry()]
    )
    if (Math.random() < GARBAGE_COLLECTION_PROBABILITY) {
      const createdBefore = new Date(Date.now() - this.#lifetimeSeconds * 1000)
      await this.#db
        .from('sessions')
        .where((query) =>
          query.where('expires_at', '<=', new Date()).orWhere('created_at', '<=', createdBefore)
        )
        .delete()
    }
  }

  async destroy(sessionId: string) {
    this.#forgetGuestCookie(sessionId)
    await this.#db.from('sessions').where('id', sessionId).delete()
  }

  async touch(sessionId: string) {
    // a visitor's cookie lasts as long as the browser: nothing to renew
    if (this.#foundIn === 'cookie') return
    const renewedAt = this.#expiresAt === null ? null : this.#expiresAt - this.#ttlSeconds * 1000
    if (renewedAt !== null && Date.now() - renewedAt < SESSION_REFRESH_SECONDS * 1000) return
    await this.#db.from('sessions').where('id', sessionId).update({ expires_at: this.#newExpiry() })
  }

  async tag(sessionId: string, userId: string | number) {
    await this.#db.rawQuery(
      `INSERT INTO sessions (id, user_id, data, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id`,
      [sessionId, String(userId), this.#seal({}, sessionId), this.#newExpiry()]
    )
  }

  async untag(sessionId: string) {
    await this.#db.from('sessions').where('id', sessionId).update({ user_id: null })
  }

  async tagged(userId: string) {
    const rows = await this.#db
      .from('sessions')
      .select('id', 'data')
      .where('user_id', userId)
      .where('expires_at', '>', new Date())
      .where('created_at', '>', new Date(Date.now() - this.#lifetimeSeconds * 1000))
    return rows.flatMap((row) => {
      const data = this.#parse(row.data, row.id)
      return data ? [{ id: row.id as string, data }] : []
    })
  }
}
