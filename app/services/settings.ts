import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/**
 * Reference settings kept in the database (table `settings`, seeded by a migration).
 * Inside a transaction pass it in: a second pool connection per transaction starves the
 * pool when many transactions run at once.
 */
export async function getSettings(client: QueryClientContract = db.connection()): Promise<Record<string, string>> {
  const rows = await client.from('settings').select('key', 'value')
  return Object.fromEntries(rows.map((row) => [row.key, row.value]))
}
