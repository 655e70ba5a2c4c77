import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { settingRefusal, type SettingProblem } from '#services/settings'

/**
 * Save changed settings, all or none; each change is written to the audit log. A refused
 * value comes back as the setting's description with a problem code (`settings.problems`).
 */
export async function saveSettings(values: Record<string, string>, userId: number) {
  const current = await db.from('settings').orderBy('key')
  const checked = current
    .filter((row) => row.key in values)
    .map((row) => ({ row, value: String(values[row.key]).trim() }))
    .map(({ row, value }) => ({ row, value, problem: settingRefusal(row.key, value) }))
  const refused = checked.filter((entry) => entry.problem)
  if (refused.length > 0) {
    return {
      ok: false as const,
      errors: refused.map(({ row, problem }) => ({
        setting: String(row.description),
        problem: problem as SettingProblem,
      })),
    }
  }
  const changed = checked.filter(({ row, value }) => row.value !== value)
  await db.transaction(async (trx) => {
    for (const { row, value } of changed) {
      await trx.from('settings').where('key', row.key).update({ value, updated_at: new Date() })
      await recordAudit(trx, {
        userId,
        action: 'update',
        entityType: 'setting',
        entityId: row.key,
        summary: `Inställningen "${row.description}" ändrades`,
        changes: { [row.key]: { from: row.value, to: value } },
      })
    }
  })
  return { ok: true as const, changed: changed.length }
}
