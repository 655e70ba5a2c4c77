/**
 * Read models for the month-end pages: a period's pools with their shares (and the
 * previous period's share per organisation, for the variance), and invoices.
 */
import { validOnSql } from '#queries/validity'
import db from '@adonisjs/lucid/services/db'
import { previousMonth } from '#domain/periods'
import { unitPrice } from '#domain/allocate'

export async function listPeriods() {
  return db
    .from('periods as p')
    .select('p.period', 'p.status', 'p.calculated_at', 'p.approved_at', 'p.invoiced_at')
    .select(
      db.raw(
        '(SELECT coalesce(sum(amount_ore), 0) FROM allocations a WHERE a.period = p.period)::bigint as total_ore'
      )
    )
    .orderBy('p.period', 'desc')
}

interface ShareRow {
  organisation_id: number
  code: string
  name: string
  weight: string
  amount_ore: string
  /** the organisation's share of the same pool the previous period, or null */
  previous_ore: string | null
}

/**
 * The period and its pools with their shares: every organisation's, or only those of the
 * given organisation(s) (a contact's own; the organisations on a page of the office's
 * matrix, docs/adr/0035).
 */
export async function periodOverview(
  period: string,
  organisations?: number | readonly number[] | null
) {
  const only =
    organisations === null || organisations === undefined
      ? null
      : typeof organisations === 'number'
        ? [organisations]
        : organisations
  const current = await db.from('periods').where('period', period).first()
  if (!current) return null
  const previous = previousMonth(period)
  const allocations = await db
    .from('allocations as a')
    .join('cost_pools as c', 'c.id', 'a.cost_pool_id')
    .where('a.period', period)
    .orderBy('c.id')
    .select(
      'a.id',
      'c.code',
      'c.name',
      'a.amount_ore',
      'a.basis',
      'a.total_weight',
      'a.sources',
      db.raw(`to_char(a.key_date, 'YYYY-MM-DD') as key_date`),
      'a.key_month'
    )
  // one read for all pools (not two per pool): this period's shares, each pool's in code
  // order, each with the organisation's share of the same pool the previous period
  const shareRows = await db
    .from('allocation_shares as s')
    .join('allocations as a', 'a.id', 's.allocation_id')
    .join('organisations as o', 'o.id', 's.organisation_id')
    .whereIn(
      's.allocation_id',
      allocations.map((allocation) => allocation.id)
    )
    .if(only, (q) => q.whereIn('s.organisation_id', [...only!]))
    .orderBy([{ column: 's.allocation_id' }, { column: 'o.code' }])
    .select(
      's.allocation_id',
      'o.id as organisation_id',
      'o.code',
      'o.name',
      's.weight',
      's.amount_ore',
      db.raw(
        `(SELECT ps.amount_ore FROM allocation_shares ps
            JOIN allocations pa ON pa.id = ps.allocation_id
           WHERE pa.period = ? AND pa.cost_pool_id = a.cost_pool_id
             AND ps.organisation_id = s.organisation_id) AS previous_ore`,
        [previous]
      )
    )
  const rowsByAllocation = new Map<string, ShareRow[]>()
  for (const { allocation_id: allocationId, ...row } of shareRows) {
    const key = String(allocationId)
    if (!rowsByAllocation.has(key)) rowsByAllocation.set(key, [])
    rowsByAllocation.get(key)!.push(row as ShareRow)
  }
  const pools = []
  for (const allocation of allocations) {
    const shares = rowsByAllocation.get(String(allocation.id)) ?? []
    pools.push({
      ...allocation,
      unitPrice: unitPrice(BigInt(allocation.amount_ore), BigInt(allocation.total_weight)),
      shares: shares.map((share) => {
        const amount = BigInt(share.amount_ore)
        const before = share.previous_ore === null ? null : BigInt(share.previous_ore)
        const change = before === null ? null : amount - before
        const percent =
          before === null || before === 0n ? null : (Number(change) / Number(before)) * 100
        return { ...share, change, percent }
      }),
    })
  }
  return { period: current, pools }
}

/** The evidence behind one organisation's share: the counted extensions / headcount. */
export async function shareEvidence(period: string, poolCode: string, organisationId: number) {
  const allocation = await db
    .from('allocations as a')
    .join('cost_pools as c', 'c.id', 'a.cost_pool_id')
    .where('a.period', period)
    .where('c.code', poolCode)
    .select('a.*', 'c.code', 'c.name', db.raw(`to_char(a.key_date, 'YYYY-MM-DD') as key_day`))
    .first()
  if (!allocation) return null
  const share = await db
    .from('allocation_shares')
    .where('allocation_id', allocation.id)
    .where('organisation_id', organisationId)
    .first()
  if (!share) return null
  const extensions =
    allocation.basis === 'extensions'
      ? await db
          .from('extensions')
          .where('organisation_id', organisationId)
          .whereRaw(validOnSql('extensions', '?::date'), [allocation.key_day, allocation.key_day])
          .orderBy('number')
          .select(
            'number',
            'name',
            'type',
            db.raw(`to_char(valid_from, 'YYYY-MM-DD') as valid_from`)
          )
      : []
  const headcount =
    allocation.basis === 'headcount'
      ? await db
          .from('headcounts')
          .where('organisation_id', organisationId)
          .where('month', allocation.key_month)
          .first()
      : null
  return { allocation, share, extensions, headcount }
}

export function listInvoices(filter: { organisationId?: number | null; period?: string }) {
  return db
    .from('invoices as i')
    .join('organisations as o', 'o.id', 'i.organisation_id')
    .leftJoin('invoices as c', 'c.id', 'i.credits_invoice_id')
    .leftJoin('document_deliveries as dd', 'dd.invoice_id', 'i.id')
    .if(filter.organisationId, (q) => q.where('i.organisation_id', filter.organisationId!))
    .if(filter.period, (q) => q.where('i.period', filter.period!))
    .orderBy([
      { column: 'i.year', order: 'desc' },
      { column: 'i.sequence', order: 'desc' },
    ])
    .select(
      'i.id',
      'i.number',
      'i.kind',
      'i.period',
      'o.code',
      'o.name',
      'o.kind as organisation_kind',
      'i.net_ore',
      'i.vat_ore',
      'i.total_ore',
      db.raw(`to_char(i.issue_date, 'YYYY-MM-DD') as issue_date`),
      'c.number as credits_number',
      'i.organisation_id',
      db.raw(
        'NOT EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id AND NOT EXISTS (SELECT 1 FROM invoice_lines c WHERE c.credits_line_id = l.id)) AS credited'
      ),
      db.raw(
        `array(SELECT l.position FROM invoice_lines l WHERE l.invoice_id = i.id AND NOT EXISTS (SELECT 1 FROM invoice_lines c WHERE c.credits_line_id = l.id) ORDER BY l.position) AS open_lines`
      ),
      db.raw('EXISTS (SELECT 1 FROM invoices x WHERE x.corrects_invoice_id = i.id) AS replaced'),
      db.raw(
        '(SELECT number FROM invoices x WHERE x.id = i.corrects_invoice_id) AS replaces_number'
      ),
      // its e-mail to the organisation (docs/adr/0025): status and when it was sent
      'dd.status as delivery_status',
      'dd.sent_at as delivery_sent_at'
    )
}

/** Each year's number series: first, last, count and any gap (there should be none). */
export async function numberingAudit() {
  const rows = await db.rawQuery(`
    SELECT year, min(sequence) AS first, max(sequence) AS last, count(*)::int AS count,
           (SELECT last_number FROM invoice_series s WHERE s.year = i.year) AS series_last,
           array(SELECT g FROM generate_series(1, max(i.sequence)) g
                  WHERE NOT EXISTS (SELECT 1 FROM invoices x WHERE x.year = i.year AND x.sequence = g)) AS gaps
      FROM invoices i GROUP BY year ORDER BY year DESC`)
  return rows.rows as {
    year: number
    first: number
    last: number
    count: number
    series_last: number
    gaps: number[]
  }[]
}

/** One issued invoice or credit note (its stored PDF's path and checksum), or null. */
export function findInvoice(id: number | string) {
  return db.from('invoices').where('id', id).first()
}
