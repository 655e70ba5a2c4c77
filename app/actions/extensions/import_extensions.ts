/**
 * extensions — snapshot `Anknytning;Organisation;Namn;Typ` as of a date D (FORMATS.md).
 *
 * After the import the register as of D equals the file, for the whole city or, with an
 * organisation, for that organisation's extensions:
 * - in the file, not active at D → new entry from D;
 * - active at D with another organisation (or name/type) → old entry ends D − 1, new from D;
 * - active at D in scope but missing from the file → ends D − 1;
 * - unchanged rows change nothing, so the same snapshot again is a no-op.
 * An entry that began on D itself (same-day re-import) is corrected in place instead of
 * getting an end before its start. A snapshot older than the latest of its scope is
 * refused: history is not rewritten silently.
 */
import { validOnSql } from '#queries/validity'
import { latePeriodsFor } from '#queries/month_end/staleness'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import { coded, type CodedMessage } from '#domain/coded_message'
import { lineError, rowError, type CsvRecord, type ImportMessage } from '#services/csv_reader'
import { parsePhoneNumber, parseText } from '#domain/swedish_csv'
import {
  isActiveOn,
  organisationsByCode,
  type OrganisationRef,
} from '#services/organisation_lookup'
import {
  runCsvImport,
  type CsvImporter,
  type ImportRequest,
  type ImportResult,
  type StoreOutcome,
} from '#actions/imports/run_csv_import'
import { addDays, isTooFarAhead, todayInStockholm } from '#domain/periods'
import { clock } from '#services/clock'
import { endingRefusal, type SnapshotEnding } from '#domain/snapshot_guard'
import { mergeIntoRegister } from '#actions/extensions/merge_into_register'

/** the reader's columns (also how the drop folder and the import API know the file) */
export const columns = [
  { key: 'number', header: 'Anknytning' },
  { key: 'organisation', header: 'Organisation' },
  { key: 'name', header: 'Namn' },
  { key: 'type', header: 'Typ' },
] as const

type Key = (typeof columns)[number]['key']

interface Row {
  line: number
  number: string
  organisationId: number
  name: string
  type: string
}

export interface ExtensionSnapshotOptions {
  asOf: string
  organisationCode?: string | null
  /**
   * Refuse a snapshot that would end a large part of its scope (domain/snapshot_guard):
   * `'unattended'` for the drop folder and the import API, `'upload'` for an upload whose
   * person has not confirmed it; absent (the command line, a confirmed upload): no guard.
   */
  guardEnding?: 'unattended' | 'upload'
}

export function extensionsImporter(
  options: ExtensionSnapshotOptions,
  organisations: Map<string, OrganisationRef>,
  scope: OrganisationRef | null
): CsvImporter<Key, Row> {
  const seen = new Map<string, number>()
  const inactive = new Set<string>()
  return {
    type: 'extensions',
    label: 'Anknytningar',
    columns,
    parseRow({ line, values }: CsvRecord<Key>) {
      const errors: ImportMessage[] = []
      const number = parsePhoneNumber(values.number)
      if (!number.ok) errors.push(rowError(line, 'Anknytning', values.number, number.message))
      const code = values.organisation.trim()
      const organisation = organisations.get(code)
      if (!code) {
        errors.push(rowError(line, 'Organisation', '', 'saknas'))
      } else if (!organisation) {
        errors.push(
          rowError(line, 'Organisation', values.organisation, 'finns inte i organisationsregistret')
        )
      } else if (scope && organisation.id !== scope.id) {
        errors.push(
          rowError(
            line,
            'Organisation',
            values.organisation,
            `hör inte till filens omfattning – filen läses in för ${scope.code} och får bara innehålla dess anknytningar`
          )
        )
      } else if (!isActiveOn(organisation, options.asOf)) {
        inactive.add(organisation.code)
      }
      const name = parseText(values.name, { max: 200 })
      if (!name.ok) errors.push(rowError(line, 'Namn', values.name, name.message))
      const type = parseText(values.type, { max: 50 })
      if (!type.ok) errors.push(rowError(line, 'Typ', values.type, type.message))
      if (number.ok) {
        const first = seen.get(number.value)
        if (first !== undefined) {
          errors.push(
            lineError(
              line,
              'Anknytning',
              `Anknytning ${number.value} finns redan på rad ${first} i samma fil`
            )
          )
        } else {
          seen.set(number.value, line)
        }
      }
      if (errors.length > 0 || !number.ok || !organisation || !name.ok || !type.ok)
        return { errors }
      return {
        errors,
        row: {
          line,
          number: number.value,
          organisationId: organisation.id,
          name: name.value,
          type: type.value,
        },
      }
    },
    async checkFile() {
      if (isTooFarAhead(options.asOf, todayInStockholm(clock.now()))) {
        return [
          {
            line: null,
            column: null,
            message:
              `Ögonblicksbilden per ${options.asOf} ligger mer än ett år fram i tiden; ` +
              'kontrollera datumet. En så sen bild skulle stänga registret för alla senare bilder.',
          },
        ]
      }
      const later = await db
        .from('extension_snapshots')
        .where('as_of', '>', options.asOf)
        .if(scope, (query) =>
          query.where((q) => q.whereNull('organisation_id').orWhere('organisation_id', scope!.id))
        )
        .select(db.raw(`to_char(max(as_of), 'YYYY-MM-DD') as latest`))
        .first()
      if (later?.latest) {
        return [
          {
            line: null,
            column: null,
            message:
              `Ögonblicksbilden per ${options.asOf} är äldre än den senast inlästa för samma omfattning ` +
              `(${later.latest}). Historiken skrivs inte om; läs in en bild per ${later.latest} eller senare.`,
          },
        ]
      }
      return []
    },
    async store(rows, trx) {
      if (options.guardEnding) {
        const ending = await snapshotEnding(trx, rows, options.asOf, scope)
        const refusal = endingRefusal(
          ending,
          addDays(options.asOf, -1),
          options.guardEnding === 'upload'
        )
        if (refusal) {
          return {
            stored: 0,
            duplicates: 0,
            errors: [{ line: null, column: null, message: refusal }],
          }
        }
      }
      const outcome = await applySnapshot(trx, rows, options, scope, inactive)
      // a snapshot dated on or before an invoiced period's key date corrects its register
      return {
        ...outcome,
        latePeriods: await latePeriodsFor(trx, { extensionsAsOf: options.asOf }),
      }
    },
  }
}

/**
 * What a snapshot would end (before it is merged): the extensions active at `asOf` in its
 * scope, those of them missing from the file, and the organisations (active at `asOf`) it
 * would leave without any extension.
 */
async function snapshotEnding(
  trx: TransactionClientContract,
  rows: Row[],
  asOf: string,
  scope: OrganisationRef | null
): Promise<SnapshotEnding> {
  const bindings = {
    asOf,
    numbers: JSON.stringify(rows.map((row) => row.number)),
    organisations: JSON.stringify([...new Set(rows.map((row) => row.organisationId))]),
    scope: scope?.id ?? 0,
  }
  const inScope = scope ? 'e.organisation_id = :scope' : 'true'
  const counts = await trx.rawQuery(
    `SELECT count(*)::int AS active,
            count(*) FILTER (WHERE e.number NOT IN (SELECT jsonb_array_elements_text(:numbers::jsonb)))::int AS ending
       FROM extensions e WHERE ${validOnSql('e', ':asOf')} AND ${inScope}`,
    bindings
  )
  const emptied = await trx.rawQuery(
    `SELECT o.code, count(*)::int AS count
       FROM extensions e JOIN organisations o ON o.id = e.organisation_id
      WHERE ${validOnSql('e', ':asOf')} AND ${inScope}
        AND o.active_from <= :asOf AND (o.active_to IS NULL OR o.active_to >= :asOf)
        AND e.organisation_id NOT IN (SELECT jsonb_array_elements_text(:organisations::jsonb)::int)
      GROUP BY o.code ORDER BY o.code`,
    bindings
  )
  return {
    active: counts.rows[0].active,
    ending: counts.rows[0].ending,
    emptied: emptied.rows.map((row: { code: string; count: number }) => ({
      code: row.code,
      count: row.count,
    })),
  }
}

async function applySnapshot(
  trx: TransactionClientContract,
  rows: Row[],
  options: ExtensionSnapshotOptions,
  scope: OrganisationRef | null,
  inactive: Set<string>
): Promise<StoreOutcome> {
  const asOf = options.asOf
  const dayBefore = addDays(asOf, -1)
  const merged = await mergeIntoRegister(trx, rows, asOf, scope)

  // codes, worded per reader on the import page (docs/adr/0023); plurals are ICU's
  const warnings: CodedMessage[] = []
  const movedCount = merged.moved
  const removedCount = merged.removed
  if (movedCount) warnings.push(coded('extensionImport.moved', { count: movedCount, asOf }))
  if (removedCount)
    warnings.push(coded('extensionImport.removed', { count: removedCount, dayBefore }))
  for (const code of inactive) {
    warnings.push(coded('extensionImport.inactive', { code, asOf }))
  }
  return {
    stored: merged.inserted,
    duplicates: merged.unchanged,
    warnings,
    afterImport: async (importId: number) => {
      await trx.table('extension_snapshots').insert({
        organisation_id: scope?.id ?? null,
        as_of: asOf,
        import_id: importId,
      })
      await trx
        .from('extensions')
        .whereNull('import_id')
        .where('valid_from', asOf)
        .update({ import_id: importId })
    },
  }
}

export async function importExtensions(
  request: ImportRequest,
  options: ExtensionSnapshotOptions
): Promise<ImportResult> {
  const organisations = await organisationsByCode()
  const scope = options.organisationCode
    ? (organisations.get(options.organisationCode) ?? null)
    : null
  const importer = extensionsImporter(options, organisations, scope)
  if (options.organisationCode && !scope) {
    importer.checkFile = () => [
      {
        line: null,
        column: null,
        message: `Organisationen ${options.organisationCode} (--organisation) finns inte i organisationsregistret.`,
      },
    ]
  }
  return runCsvImport(importer, {
    ...request,
    options: { asOf: options.asOf, organisation: options.organisationCode ?? null },
  })
}
