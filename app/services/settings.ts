import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { recordAudit } from '#services/audit'
import { hasControlCharacter } from '#domain/plain_text'
import { parseVatNumber } from '#domain/company_invoice'

/**
 * Reference settings kept in the database (table `settings`, seeded by a migration).
 * Inside a transaction pass it in: a second pool connection per transaction starves the
 * pool when many transactions run at once.
 */
export async function getSettings(
  client: QueryClientContract = db.connection()
): Promise<Record<string, string>> {
  const rows = await client.from('settings').select('key', 'value')
  return Object.fromEntries(rows.map((row) => [row.key, row.value]))
}

type SettingRule =
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'pattern'; pattern: RegExp; example: string }
  | { kind: 'text' }
  | { kind: 'vatNumber' }

/** What each setting may hold; a key not listed is free text (at most 300 characters). */
export const SETTING_RULES: Record<string, SettingRule> = {
  vat_rate_percent: { kind: 'integer', min: 0, max: 100 },
  payment_days: { kind: 'integer', min: 1, max: 365 },
  routine_reminder_days: { kind: 'integer', min: 1, max: 365 },
  meeting_reminder_hours: { kind: 'integer', min: 1, max: 336 },
  survey_satisfied_target_percent: { kind: 'integer', min: 1, max: 100 },
  call_records_retention_months: { kind: 'integer', min: 13, max: 240 },
  issuer_org_number: { kind: 'pattern', pattern: /^\d{6}-\d{4}$/, example: '212000-0142' },
  // SE + the organisation number's ten digits + 01 (Skatteverket's form of a VAT number)
  issuer_vat_number: { kind: 'vatNumber' },
  issuer_cost_centre: { kind: 'pattern', pattern: /^\d{1,10}$/, example: '11000' },
  account_cost: { kind: 'pattern', pattern: /^\d{4}$/, example: '6420' },
  account_revenue: { kind: 'pattern', pattern: /^\d{4}$/, example: '3610' },
  account_output_vat: { kind: 'pattern', pattern: /^\d{4}$/, example: '2611' },
  activity_code: { kind: 'pattern', pattern: /^\d{1,10}$/, example: '470' },
  four_eyes: { kind: 'pattern', pattern: /^(ja|nej)$/, example: 'ja' },
}

/** The Swedish message for a value the setting cannot hold, or null when it is fine. */
export function settingProblem(key: string, value: string) {
  const rule = SETTING_RULES[key] ?? { kind: 'text' }
  // settings are copied into invoices, SIE 4 and e-mail: one line of plain text
  if (hasControlCharacter(value)) return 'skriv på en rad, utan tabbar eller andra kontrolltecken'
  if (rule.kind === 'integer') {
    const number = Number(value)
    return /^\d+$/.test(value) && number >= rule.min && number <= rule.max
      ? null
      : `ange ett heltal från ${rule.min} till ${rule.max}`
  }
  if (rule.kind === 'vatNumber') {
    const parsed = parseVatNumber(value)
    return parsed.ok && parsed.value === value
      ? null
      : 'skriv på formen SE212000014201 (SE, organisationsnumret med rätt kontrollsiffra, 01)'
  }
  if (rule.kind === 'pattern')
    return rule.pattern.test(value) ? null : `skriv på formen ${rule.example}`
  return value.length > 0 && value.length <= 300 ? null : 'skriv en text på högst 300 tecken'
}

/** Save changed settings, all or none; each change is written to the audit log. */
export async function saveSettings(values: Record<string, string>, userId: number) {
  const current = await db.from('settings').orderBy('key')
  const problems = current
    .filter((row) => row.key in values)
    .map((row) => ({ row, value: String(values[row.key]).trim() }))
    .map(({ row, value }) => ({ row, value, problem: settingProblem(row.key, value) }))
  const refused = problems.filter((entry) => entry.problem)
  if (refused.length > 0) {
    return {
      ok: false as const,
      errors: refused.map(({ row, problem }) => `${row.description}: ${problem}.`),
    }
  }
  const changed = problems.filter(({ row, value }) => row.value !== value)
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
