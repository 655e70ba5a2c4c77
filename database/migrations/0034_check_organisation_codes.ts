import { BaseSchema } from '@adonisjs/lucid/schema'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/** The same rule as app/domain/organisation_rules.ts (ORGANISATION_CODE), in SQL. */
const CODE_FORMAT = '^[A-Z0-9-]{1,16}$'

/** Stored codes outside A–Z, 0–9 and `-` (an en dash from Excel, a space, a lower-case letter). */
export async function invalidOrganisationCodes(client: QueryClientContract) {
  const rows = await client
    .from('organisations')
    .whereRaw('code !~ ?', [CODE_FORMAT])
    .orderBy('code')
    .select('id', 'code')
  return rows.map((row) => ({ id: Number(row.id), code: String(row.code) }))
}

/** A suggestion only, printed for the operator: en dash to hyphen, capitals, nothing else. */
function suggestedCode(code: string) {
  return (
    code
      .replace(/\u2013/g, '-')
      .toUpperCase()
      .replace(/[^A-Z0-9-]/g, '')
      .slice(0, 16) || 'KOD'
  )
}

/**
 * Organisation codes become A–Z, 0–9 and `-` only (FORMATS.md), guarded by the database
 * too: a code holding an en dash ended up in download names and crashed the server
 * (issue 11, point 1). Existing rows are checked first and nothing is changed silently:
 * the migration stops, naming the codes to correct and how, and can then be run again.
 */
export default class extends BaseSchema {
  async up() {
    this.defer(async (client) => {
      const invalid = await invalidOrganisationCodes(client)
      if (invalid.length === 0) return
      const list = invalid.map((row) => `"${row.code}" (id ${row.id})`).join(', ')
      const updates = invalid.map(
        (row) =>
          `UPDATE organisations SET code = '${suggestedCode(row.code)}' WHERE id = ${row.id};`
      )
      throw new Error(
        `Organisationskoder får bara innehålla A–Z, 0–9 och bindestreck (-); ett tankstreck (–) från Excel ska ` +
          `vara ett bindestreck. Dessa koder måste rättas innan uppgraderingen: ${list}. Rätta dem på ` +
          `organisationens sida i den tidigare versionen, eller i databasen, till exempel:\n${updates.join('\n')}\n` +
          'och kör sedan migreringen igen. Inget har ändrats.'
      )
    })
    this.schema.raw(
      `ALTER TABLE organisations ADD CONSTRAINT organisations_code_format CHECK (code ~ '${CODE_FORMAT}')`
    )
  }

  async down() {
    this.schema.raw('ALTER TABLE organisations DROP CONSTRAINT organisations_code_format')
  }
}
