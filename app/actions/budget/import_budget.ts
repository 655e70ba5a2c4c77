/**
 * budget — `År;Månad;Kostnadspost;Belopp` (FORMATS.md, `budget:import FILE`): the budget of
 * a cost pool for one month, in kronor. Each row replaces the stored budget of that pool and
 * month (upsert); the same pool and month twice in one file is an error. All or nothing.
 */
import db from '@adonisjs/lucid/services/db'
import { rowError, type CsvRecord, type ImportMessage } from '#services/csv_reader'
import { parseInteger, parseOre } from '#domain/swedish_csv'
import { formatOre } from '#domain/formatting'
import { runCsvImport, type CsvImporter, type ImportRequest } from '#actions/imports/run_csv_import'

const columns = [
  { key: 'year', header: 'År' },
  { key: 'month', header: 'Månad' },
  { key: 'pool', header: 'Kostnadspost' },
  { key: 'amount', header: 'Belopp' },
] as const

type Key = (typeof columns)[number]['key']
interface Row {
  line: number
  year: number
  month: number
  poolId: number
  poolCode: string
  amountOre: bigint
}

/** The largest monthly budget: 1 000 000 000 000 kr in öre (the table's CHECK). */
export const MAX_BUDGET_ORE = 100_000_000_000_000n

/**
 * The longest budget file read: one row per pool and month of 2000–2100 is 1 212 rows a
 * pool, so 50 000 rows hold every year of 40 pools. A longer file is refused unread.
 */
export const MAX_BUDGET_ROWS = 50_000

/** A budget amount in kronor: at most two decimals, not negative, within the limit. */
export function parseBudgetAmount(raw: string) {
  const amount = parseOre(raw)
  if (!amount.ok) return amount
  if (amount.value < 0n) return { ok: false as const, message: 'får inte vara negativt' }
  if (amount.value > MAX_BUDGET_ORE) {
    return { ok: false as const, message: 'är större än 1 000 000 000 000 kr' }
  }
  return amount
}

function budgetImporter(pools: Map<string, { id: number; code: string }>): CsvImporter<Key, Row> {
  // the first line of each pool and month, checked as the rows stream in: a repeat is that
  // row's error (with --partial too, where a repeat reaching the upsert failed in PostgreSQL),
  // and the rows kept in memory are at most pools × years × 12 however long the file is
  const seen = new Map<string, number>()
  return {
    type: 'budget',
    label: 'Budget',
    columns,
    maxRows: {
      rows: MAX_BUDGET_ROWS,
      message: `Filen har fler än ${MAX_BUDGET_ROWS} rader – en budgetfil har en rad per kostnadspost och månad.`,
    },
    parseRow({ line, values }: CsvRecord<Key>) {
      const errors: ImportMessage[] = []
      const year = parseInteger(values.year, { min: 2000 })
      if (!year.ok) errors.push(rowError(line, 'År', values.year, year.message))
      else if (year.value > 2100) errors.push(rowError(line, 'År', values.year, 'är efter 2100'))
      const month = parseInteger(values.month, { min: 1 })
      if (!month.ok) errors.push(rowError(line, 'Månad', values.month, month.message))
      else if (month.value > 12) {
        errors.push(rowError(line, 'Månad', values.month, 'är inte en månad 1–12'))
      }
      const code = values.pool.trim().toUpperCase()
      const pool = pools.get(code)
      if (!code) errors.push(rowError(line, 'Kostnadspost', '', 'saknas'))
      else if (!pool) {
        errors.push(
          rowError(
            line,
            'Kostnadspost',
            values.pool,
            `är ingen aktiv kostnadspost (kända: ${[...pools.keys()].join(', ')})`
          )
        )
      }
      const amount = parseBudgetAmount(values.amount)
      if (!amount.ok) errors.push(rowError(line, 'Belopp', values.amount, amount.message))
      if (errors.length > 0 || !year.ok || !month.ok || !pool || !amount.ok) return { errors }
      const key = `${pool.code} ${year.value}-${String(month.value).padStart(2, '0')}`
      const first = seen.get(key)
      if (first !== undefined) {
        return {
          errors: [rowError(line, 'Kostnadspost', pool.code, `${key} står redan på rad ${first}`)],
        }
      }
      seen.set(key, line)
      return {
        errors,
        row: {
          line,
          year: year.value,
          month: month.value,
          poolId: pool.id,
          poolCode: pool.code,
          amountOre: amount.value,
        },
      }
    },
    async store(rows, trx, request) {
      const now = new Date()
      await trx.rawQuery(
        `INSERT INTO budgets (cost_pool_id, year, month, amount_ore, updated_by, updated_at)
         SELECT pool, year, month, amount, nullif(?, '')::int, ?::timestamptz
           FROM unnest(?::int[], ?::int[], ?::int[], ?::bigint[]) AS r(pool, year, month, amount)
         ON CONFLICT (cost_pool_id, year, month) DO UPDATE
            SET amount_ore = EXCLUDED.amount_ore, updated_by = EXCLUDED.updated_by,
                updated_at = EXCLUDED.updated_at, import_id = NULL`,
        [
          String(request.userId ?? ''),
          now,
          rows.map((row) => row.poolId),
          rows.map((row) => row.year),
          rows.map((row) => row.month),
          rows.map((row) => String(row.amountOre)),
        ]
      )
      const totals = new Map<string, bigint>()
      for (const row of rows) {
        const key = `${row.poolCode} ${row.year}`
        totals.set(key, (totals.get(key) ?? 0n) + row.amountOre)
      }
      return {
        stored: rows.length,
        duplicates: 0,
        warnings: [...totals].map(([key, total]) => `${key}: summa i filen ${formatOre(total)}.`),
        afterImport: async (importId) => {
          await trx.from('budgets').where('updated_at', now).update({ import_id: importId })
        },
      }
    },
  }
}

export async function importBudget(request: ImportRequest) {
  const rows = await db.from('cost_pools').where('is_active', true).select('id', 'code')
  return runCsvImport(budgetImporter(new Map(rows.map((pool) => [pool.code, pool]))), request)
}
