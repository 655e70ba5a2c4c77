import db from '@adonisjs/lucid/services/db'

/** Reference settings kept in the database (table `settings`, seeded by a migration). */
export async function getSettings(): Promise<Record<string, string>> {
  const rows = await db.from('settings').select('key', 'value')
  return Object.fromEntries(rows.map((row) => [row.key, row.value]))
}
