/**
 * headcount — `Organisation;Månad;Antal anställda`, upsert per (organisation, month).
 */
import { latePeriodsFor } from '#queries/month_end/staleness'
import { lineError, rowError, type CsvRecord, type ImportMessage } from '#services/csv_reader'
import { parseInteger, parseMonth } from '#domain/swedish_csv'
import { organisationsByCode, type OrganisationRef } from '#services/organisation_lookup'
import { runCsvImport, type CsvImporter, type ImportRequest } from '#actions/imports/run_csv_import'

/** the reader's columns (also how the drop folder and the import API know the file) */
export const columns = [
  { key: 'organisation', header: 'Organisation' },
  { key: 'month', header: 'Månad' },
  { key: 'employees', header: 'Antal anställda' },
] as const

type Key = (typeof columns)[number]['key']
interface Row {
  organisationId: number
  month: string
  employees: number
}

function headcountImporter(organisations: Map<string, OrganisationRef>): CsvImporter<Key, Row> {
  const seen = new Map<string, number>()
  return {
    type: 'headcount',
    label: 'Anställda',
    columns,
    parseRow({ line, values }: CsvRecord<Key>) {
      const errors: ImportMessage[] = []
      const organisation = organisations.get(values.organisation.trim())
      if (!values.organisation.trim()) errors.push(rowError(line, 'Organisation', '', 'saknas'))
      else if (!organisation) {
        errors.push(
          rowError(line, 'Organisation', values.organisation, 'finns inte i organisationsregistret')
        )
      }
      const month = parseMonth(values.month)
      if (!month.ok) errors.push(rowError(line, 'Månad', values.month, month.message))
      const employees = parseInteger(values.employees, { min: 0 })
      if (!employees.ok)
        errors.push(rowError(line, 'Antal anställda', values.employees, employees.message))
      if (organisation && month.ok) {
        const key = `${organisation.code}|${month.value}`
        const first = seen.get(key)
        if (first !== undefined) {
          errors.push(
            lineError(
              line,
              'Månad',
              `${organisation.code} ${month.value} finns redan på rad ${first} i samma fil`
            )
          )
        } else {
          seen.set(key, line)
        }
      }
      if (errors.length > 0 || !organisation || !month.ok || !employees.ok) return { errors }
      return {
        errors,
        row: { organisationId: organisation.id, month: month.value, employees: employees.value },
      }
    },
    async store(rows, trx) {
      let stored = 0
      for (let start = 0; start < rows.length; start += 2000) {
        const chunk = rows.slice(start, start + 2000)
        const result = await trx.rawQuery(
          `INSERT INTO headcounts (organisation_id, month, employees)
           SELECT * FROM unnest(?::int[], ?::varchar[], ?::int[])
           ON CONFLICT (organisation_id, month) DO UPDATE
             SET employees = EXCLUDED.employees, updated_at = now(), import_id = NULL
             WHERE headcounts.employees <> EXCLUDED.employees`,
          [
            chunk.map((r) => r.organisationId),
            chunk.map((r) => r.month),
            chunk.map((r) => r.employees),
          ]
        )
        stored += result.rowCount ?? 0
      }
      return {
        stored,
        duplicates: rows.length - stored,
        latePeriods: await latePeriodsFor(trx, {
          headcountMonths: [...new Set(rows.map((row) => row.month))],
        }),
        afterImport: async (importId) => {
          await trx.from('headcounts').whereNull('import_id').update({ import_id: importId })
        },
      }
    },
  }
}

export async function importHeadcount(request: ImportRequest) {
  return runCsvImport(headcountImporter(await organisationsByCode()), request)
}
