/**
 * Ending a user's sessions from outside them (a new password, a new one-time password).
 * Sessions are tagged with their user at login (session_controller.ts); this works on
 * whichever store config/session.ts uses (PostgreSQL in production, memory in tests).
 */
import app from '@adonisjs/core/services/app'
import { SessionCollection } from '@adonisjs/session'

/** End every session of the user except `keep` (the session making the change). */
export async function endSessionsOf(userId: number, keep?: string) {
  const sessions = await app.container.make(SessionCollection)
  if (!sessions.supportsTagging()) return 0
  const tagged = await sessions.tagged(String(userId))
  const others = tagged.filter((session) => session.id !== keep)
  for (const session of others) await sessions.destroy(session.id)
  return others.length
}
