/**
 * supplier statistics — `Datum;Ingång;Erbjudna;Besvarade;Besvarade inom mål;Målsekunder;
 * Avbrutna;Korta avbrott;Total väntetid;Total samtalstid;Kopplade`, one row per day
 * (`YYYY-MM-DD`) or hour (`YYYY-MM-DD HH:00`) and entry number, upserted. Used for months
 * (and entry numbers) without call records; the report says which source it used.
 */
import { lineError, rowError, type CsvRecord, type ImportMessage } from '#services/csv_reader'
import { parseDate, parseInteger, parsePhoneNumber } from '#domain/swedish_csv'
import { runCsvImport, type CsvImporter, type ImportRequest } from '#actions/imports/run_csv_import'

const columns = [
  { key: 'date', header: 'Datum' },
  { key: 'entry', header: 'Ingång' },
  { key: 'offered', header: 'Erbjudna' },
  { key: 'answered', header: 'Besvarade' },
  { key: 'within', header: 'Besvarade inom mål' },
  { key: 'targetSeconds', header: 'Målsekunder' },
  { key: 'abandoned', header: 'Avbrutna' },
  { key: 'short', header: 'Korta avbrott' },
  { key: 'wait', header: 'Total väntetid' },
  { key: 'talk', header: 'Total samtalstid' },
  { key: 'transferred', header: 'Kopplade' },
] as const

type Key = (typeof columns)[number]['key']
type Row = Record<Exclude<Key, 'date' | 'entry'>, number> & {
  day: string
  hour: number | null
  entry: string
}

const COUNTS: [Exclude<Key, 'date' | 'entry'>, string][] = [
  ['offered', 'Erbjudna'],
  ['answered', 'Besvarade'],
  ['within', 'Besvarade inom mål'],
  ['targetSeconds', 'Målsekunder'],
  ['abandoned', 'Avbrutna'],
  ['short', 'Korta avbrott'],
  ['wait', 'Total väntetid'],
  ['talk', 'Total samtalstid'],
  ['transferred', 'Kopplade'],
]

function statisticsImporter(): CsvImporter<Key, Row> {
  const seen = new Map<string, number>()
  return {
    type: 'statistics',
    label: 'Leverantörsstatistik',
    columns,
    parseRow({ line, values }: CsvRecord<Key>) {
      const errors: ImportMessage[] = []
      const raw = values.date.trim()
      const hourMatch = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):00$/.exec(raw)
      const day = parseDate(hourMatch ? hourMatch[1] : raw)
      const hour = hourMatch ? Number(hourMatch[2]) : null
      if (!day.ok)
        errors.push(
          rowError(
            line,
            'Datum',
            values.date,
            `${day.message} (eller ÅÅÅÅ-MM-DD TT:00 för en timme)`
          )
        )
      else if (hour !== null && hour > 23)
        errors.push(rowError(line, 'Datum', values.date, 'har ingen giltig timme'))
      const entry = parsePhoneNumber(values.entry)
      if (!entry.ok) errors.push(rowError(line, 'Ingång', values.entry, entry.message))
      const counts = {} as Record<Exclude<Key, 'date' | 'entry'>, number>
      for (const [key, header] of COUNTS) {
        const parsed = parseInteger(values[key], { min: 0 })
        if (parsed.ok) counts[key] = parsed.value
        else errors.push(rowError(line, header, values[key], parsed.message))
      }
      if (errors.length === 0) {
        if (counts.within > counts.answered) {
          errors.push(
            rowError(
              line,
              'Besvarade inom mål',
              values.within,
              `är fler än Besvarade (${counts.answered})`
            )
          )
        }
        if (counts.answered + counts.abandoned !== counts.offered) {
          errors.push(
            lineError(
              line,
              'Erbjudna',
              `Erbjudna (${counts.offered}) ska vara Besvarade + Avbrutna (${counts.answered + counts.abandoned})`
            )
          )
        }
        if (counts.transferred > counts.answered) {
          errors.push(
            rowError(
              line,
              'Kopplade',
              values.transferred,
              `är fler än Besvarade (${counts.answered})`
            )
          )
        }
        if (counts.targetSeconds === 0)
          errors.push(rowError(line, 'Målsekunder', values.targetSeconds, 'måste vara större än 0'))
      }
      if (day.ok && entry.ok) {
        const key = `${day.value}|${hour}|${entry.value}`
        const first = seen.get(key)
        if (first !== undefined)
          errors.push(
            lineError(
              line,
              'Datum',
              `${raw} ${entry.value} finns redan på rad ${first} i samma fil`
            )
          )
        else seen.set(key, line)
      }
      if (errors.length > 0 || !day.ok || !entry.ok) return { errors }
      return { errors, row: { ...counts, day: day.value, hour, entry: entry.value } }
    },
    async store(rows, trx) {
      for (const row of rows) {
        await trx.rawQuery(
          `INSERT INTO supplier_statistics (day, hour, entry_number, offered, answered, answered_within_target, target_seconds,
             abandoned, short_abandons, total_wait_seconds, total_talk_seconds, transferred)
           VALUES (:day, :hour, :entry, :offered, :answered, :within, :targetSeconds, :abandoned, :short, :wait, :talk, :transferred)
           ON CONFLICT (day, coalesce(hour, -1), entry_number) DO UPDATE SET
             offered = EXCLUDED.offered, answered = EXCLUDED.answered, answered_within_target = EXCLUDED.answered_within_target,
             target_seconds = EXCLUDED.target_seconds, abandoned = EXCLUDED.abandoned, short_abandons = EXCLUDED.short_abandons,
             total_wait_seconds = EXCLUDED.total_wait_seconds, total_talk_seconds = EXCLUDED.total_talk_seconds,
             transferred = EXCLUDED.transferred, import_id = NULL`,
          { ...row, hour: row.hour as number }
        )
      }
      return {
        stored: rows.length,
        duplicates: 0,
        afterImport: async (importId) => {
          await trx
            .from('supplier_statistics')
            .whereNull('import_id')
            .update({ import_id: importId })
        },
      }
    },
  }
}

export function importStatistics(request: ImportRequest) {
  return runCsvImport(statisticsImporter(), request)
}
