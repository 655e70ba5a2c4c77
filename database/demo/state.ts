/**
 * Whether `demo:load --if-empty` (what `npm start` runs) loads the demo. The demo is loaded in
 * steps (registers, a month-end, the community), so a first start killed half-way leaves
 * demo users without the rest; the marker `demo_complete` is written only after the last step.
 * A database with any user who is not a demo user is a real installation and is never touched.
 */
import db from '@adonisjs/lucid/services/db'
import { DEMO_USERS } from '#database/demo/organisations'

export type DemoStart = 'load' | 'complete' | 'loaded' | 'not-demo'

const DEMO_EMAILS = DEMO_USERS.map((user) => user.email)

export async function demoStart(): Promise<DemoStart> {
  const marker = await db.from('app_state').where('key', 'demo_complete').first()
  if (marker) return 'loaded'
  const users = await db.from('users').select('email')
  if (users.length === 0) return 'load'
  return users.every((user) => DEMO_EMAILS.includes(user.email)) ? 'complete' : 'not-demo'
}

export async function markDemoComplete() {
  await db.rawQuery(
    `INSERT INTO app_state (key, value) VALUES ('demo_complete', now()::text)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`
  )
}
