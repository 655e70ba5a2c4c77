/**
 * cost entries — `Period;Kostnadspost;Belopp;Text` for pools fed by cost entries, and the
 * actual cost of a fixed-amount pool (compared with what it charged at the year-end true-up).
 *
 * A file is the complete list for each (period, pool) it names: importing it replaces the
 * entries stored earlier for those pairs (so a corrected file never counts twice). The
 * replaced entries are named in a warning.
 */
import db from '@adonisjs/lucid/services/db'
import { rowError, type CsvRecord, type ImportMessage } from '#services/csv_reader'
import { parseMonth, parseOre, parseText } from '#domain/swedish_csv'
import { formatOre } from '#domain/formatting'
import { latePeriodsFor } from '#queries/month_end/staleness'
import { runCsvImport, type CsvImporter, type ImportRequest } from '#actions/imports/run_csv_import'
import { coded, type CodedMessage } from '#domain/coded_message'

const columns = [
  { key: 'period', header: 'Period' },
  { key: 'pool', header: 'Kostnadspost' },
  { key: 'amount', header: 'Belopp' },
  { key: 'text', header: 'Text' },
] as const

type Key = (typeof columns)[number]['key']
interface Row {
  line: number
  period: string
  poolId: number
  poolCode: string
  amountOre: bigint
  text: string
}

interface PoolRef {
  id: number
  code: string
  amount_source: string
}

function costsImporter(pools: Map<string, PoolRef>): CsvImporter<Key, Row> {
  const entryPools = [...pools.values()]
    .filter((pool) => pool.amount_source !== 'supplier_invoices')
    .map((p) => p.code)
    .sort()
  return {
    type: 'costs',
    label: 'Kostnader',
    columns,
    parseRow({ line, values }: CsvRecord<Key>) {
      const errors: ImportMessage[] = []
      const period = parseMonth(values.period)
      if (!period.ok) errors.push(rowError(line, 'Period', values.period, period.message))
      const code = values.pool.trim().toUpperCase()
      const pool = pools.get(code)
      if (!code) errors.push(rowError(line, 'Kostnadspost', '', 'saknas'))
      else if (!pool) {
        errors.push(
          rowError(
            line,
            'Kostnadspost',
            values.pool,
            `är ingen känd kostnadspost (kända: ${[...pools.keys()].join(', ')})`
          )
        )
      } else if (pool.amount_source === 'supplier_invoices') {
        errors.push(
          rowError(
            line,
            'Kostnadspost',
            values.pool,
            `tar inte emot kostnader från fil (kostnadsposter som gör det: ${entryPools.join(', ') || 'inga'})`
          )
        )
      }
      const amount = parseOre(values.amount)
      if (!amount.ok) errors.push(rowError(line, 'Belopp', values.amount, amount.message))
      const text = parseText(values.text, { max: 300 })
      if (!text.ok) errors.push(rowError(line, 'Text', values.text, text.message))
      if (errors.length > 0 || !period.ok || !pool || !amount.ok || !text.ok) return { errors }
      return {
        errors,
        row: {
          line,
          period: period.value,
          poolId: pool.id,
          poolCode: pool.code,
          amountOre: amount.value,
          text: text.value,
        },
      }
    },
    async store(rows, trx) {
      const feeds = new Set(
        [...pools.values()].filter((p) => p.amount_source === 'cost_entries').map((p) => p.id)
      )
      const pairs = [...new Map(rows.map((r) => [`${r.period}|${r.poolId}`, r])).values()]
      // codes, worded per reader on the import page (docs/adr/0023)
      const warnings: CodedMessage[] = []
      for (const pair of pairs) {
        // never deleted: the entries that fed a calculation or an invoice stay, marked
        // replaced, so evidence links keep working (DOMAIN.md "Late and changed inputs")
        const replaced = await trx
          .from('cost_entries')
          .where('period', pair.period)
          .where('cost_pool_id', pair.poolId)
          .whereNull('replaced_at')
          .update({ replaced_at: new Date() })
        if (Number(replaced) > 0) {
          warnings.push(
            coded('importWarnings.costsReplaced', {
              count: Number(replaced),
              pool: pair.poolCode,
              period: pair.period,
            })
          )
        }
      }
      await trx.table('cost_entries').multiInsert(
        rows.map((row) => ({
          period: row.period,
          cost_pool_id: row.poolId,
          amount_ore: String(row.amountOre),
          text: row.text,
          line_number: row.line,
        }))
      )
      for (const pair of pairs) {
        const total = rows
          .filter((r) => r.period === pair.period && r.poolId === pair.poolId)
          .reduce((sum, r) => sum + r.amountOre, 0n)
        warnings.push(
          coded('importWarnings.costSum', {
            pool: pair.poolCode,
            period: pair.period,
            total: formatOre(total),
          })
        )
      }
      return {
        stored: rows.length,
        duplicates: 0,
        warnings,
        // a fixed pool's entries are its actual cost (the year-end true-up, docs/adr/0029):
        // they feed no allocation, so they are never a late input
        latePeriods: await latePeriodsFor(trx, {
          periods: pairs.filter((pair) => feeds.has(pair.poolId)).map((pair) => pair.period),
        }),
        afterImport: async (importId) => {
          await trx.from('cost_entries').whereNull('import_id').update({ import_id: importId })
          await trx
            .from('cost_entries')
            .whereNotNull('replaced_at')
            .whereNull('replaced_by_import_id')
            .update({ replaced_by_import_id: importId })
        },
      }
    },
  }
}

export async function importCosts(request: ImportRequest) {
  const rows: PoolRef[] = await db.from('cost_pools').select('id', 'code', 'amount_source')
  return runCsvImport(costsImporter(new Map(rows.map((pool) => [pool.code, pool]))), request)
}
