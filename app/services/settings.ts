import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { hasControlCharacter } from '#domain/plain_text'
import { parseVatNumber } from '#domain/company_invoice'
import { message } from '#services/messages'

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
  feedback_response_target_hours: { kind: 'integer', min: 1, max: 720 },
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
  // extension orders (docs/adr/0026)
  supplier_order_email: {
    kind: 'pattern',
    pattern: /^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$/,
    example: 'bestallning@leverantor.example',
  },
  unused_extension_months: { kind: 'integer', min: 1, max: 24 },
  // supplier files that arrive by themselves (docs/adr/0028 §2)
  import_reminder_day: { kind: 'integer', min: 1, max: 28 },
  // avstämningar: how long an organisation may go without one (docs/adr/0031)
  review_interval_months: { kind: 'integer', min: 1, max: 24 },
  // the invoice's sender: "Vår referens", footer and payment box (issue 15 point 6)
  issuer_contact_phone: {
    kind: 'pattern',
    pattern: /^\+?[0-9][0-9 ()-]{4,19}$/,
    example: '08-508 000 00',
  },
  issuer_contact_email: {
    kind: 'pattern',
    pattern: /^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$/,
    example: 'vaxel@stad.example',
  },
  issuer_bankgiro: { kind: 'pattern', pattern: /^\d{3,4}-\d{4}$/, example: '5050-1055' },
}

/** Why a value was refused: a key under `settings.problems` in resources/lang, with its parameters. */
export type SettingProblem =
  | { code: 'oneLine' | 'text' | 'vatNumber' }
  | { code: 'integer'; params: { min: number; max: number } }
  | { code: 'pattern'; params: { example: string } }

/** What is wrong with a value for the setting (a code), or null when it is fine. */
export function settingRefusal(key: string, value: string): SettingProblem | null {
  const rule = SETTING_RULES[key] ?? { kind: 'text' }
  // settings are copied into invoices, SIE 4 and e-mail: one line of plain text
  if (hasControlCharacter(value)) return { code: 'oneLine' }
  if (rule.kind === 'integer') {
    const number = Number(value)
    return /^\d+$/.test(value) && number >= rule.min && number <= rule.max
      ? null
      : { code: 'integer', params: { min: rule.min, max: rule.max } }
  }
  if (rule.kind === 'vatNumber') {
    const parsed = parseVatNumber(value)
    return parsed.ok && parsed.value === value ? null : { code: 'vatNumber' }
  }
  if (rule.kind === 'pattern')
    return rule.pattern.test(value) ? null : { code: 'pattern', params: { example: rule.example } }
  return value.length > 0 && value.length <= 300 ? null : { code: 'text' }
}

/** The same in the app's default language (Swedish), for commands and tests. */
export function settingProblem(key: string, value: string): string | null {
  const problem = settingRefusal(key, value)
  if (!problem) return null
  return message(`settings.problems.${problem.code}`, 'params' in problem ? problem.params : {})
}

/** Saving settings is a use case: app/actions/settings/save_settings.ts. */
export { saveSettings } from '#actions/settings/save_settings'
