/**
 * What an invoice is made of, read inside the issuing transaction: the non-zero shares of a
 * period's allocation, the adjustments of earlier periods a calculation carries, the lines a
 * replacement charges again as printed, and the recipient's columns they all share
 * (app/actions/month_end/issue_invoices.ts, issue_one_invoice.ts).
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/** The invoices a period already has, as the issue reports them. */
export async function existingInvoices(period: string, trx?: TransactionClientContract) {
  const rows = await (trx ?? db)
    .from('invoices as i')
    .join('organisations as o', 'o.id', 'i.organisation_id')
    .where('i.period', period)
    .orderBy('i.sequence')
    .select('i.id', 'i.number', 'o.code', 'i.net_ore', 'i.vat_ore', 'i.total_ore', 'i.pdf_path')
  const lines = await (trx ?? db)
    .from('invoice_lines')
    .whereIn(
      'invoice_id',
      rows.map((row) => row.id)
    )
    .orderBy(['invoice_id', 'position'])
    .select('invoice_id', 'pool_code', 'adjusted_period', 'amount_ore')
  return rows.map((row) => ({
    number: row.number,
    organisation: row.code,
    netOre: Number(row.net_ore),
    vatOre: Number(row.vat_ore),
    totalOre: Number(row.total_ore),
    pdf: row.pdf_path,
    lines: lines
      .filter((line) => line.invoice_id === row.id)
      .map((line) => ({
        pool: line.pool_code,
        period: line.adjusted_period ?? period,
        amountOre: Number(line.amount_ore),
      })),
  }))
}

export interface ShareLine {
  organisation_id: number
  code: string
  name: string
  kind: 'forvaltning' | 'bolag'
  cost_centre: string
  invoice_reference: string
  org_number: string | null
  postal_street: string | null
  postal_code: string | null
  postal_town: string | null
  invoice_email: string | null
  pool_code: string
  pool_name: string
  basis: 'extensions' | 'headcount'
  pool_amount: string
  total_weight: string
  weight: string
  amount_ore: string
}

/** What an invoice prints of its recipient (`organisations as o`), wherever its lines come from. */
export const RECIPIENT_COLUMNS = [
  'o.id as organisation_id',
  'o.code',
  'o.name',
  'o.kind',
  'o.cost_centre',
  'o.invoice_reference',
  'o.org_number',
  'o.postal_street',
  'o.postal_code',
  'o.postal_town',
  'o.invoice_email',
]

/**
 * A line of a credited invoice that a replacement or a correction charges again as it was
 * printed — an adjustment of an earlier period, which the credit took back but which stays
 * settled (docs/adr/0015): without it the late input would never be charged.
 */
export interface CarriedLine {
  pool_code: string
  description: string
  basis_text: string | null
  amount_ore: string
  adjusted_period: string | null
}

/** One adjustment of an earlier invoiced period for one organisation (a line of its own). */
export interface AdjustmentLine {
  organisation_id: number
  code: string
  name: string
  kind: 'forvaltning' | 'bolag'
  cost_centre: string
  invoice_reference: string
  org_number: string | null
  postal_street: string | null
  postal_code: string | null
  postal_town: string | null
  invoice_email: string | null
  pool_code: string
  pool_name: string
  adjusted_period: string
  settled_ore: string
  recomputed_ore: string
  amount_ore: string
}

/** The adjustments a calculation carries, per organisation and adjusted period and pool. */
export function calculationAdjustments(
  trx: TransactionClientContract,
  calculationId: number
): Promise<AdjustmentLine[]> {
  return trx
    .from('allocation_adjustment_shares as x')
    .join('allocation_adjustments as j', 'j.id', 'x.adjustment_id')
    .join('cost_pools as p', 'p.id', 'j.cost_pool_id')
    .join('organisations as o', 'o.id', 'x.organisation_id')
    .where('j.calculation_id', calculationId)
    .whereNot('x.amount_ore', 0)
    .orderBy(['o.code', 'j.adjusted_period', 'p.id'])
    .select(
      ...RECIPIENT_COLUMNS,
      'p.code as pool_code',
      'p.name as pool_name',
      'j.adjusted_period',
      'x.settled_ore',
      'x.recomputed_ore',
      'x.amount_ore'
    )
}

/** The non-zero shares of a period's allocation, per organisation and pool. */
export function periodShares(
  trx: TransactionClientContract,
  period: string,
  organisationId?: number
): Promise<ShareLine[]> {
  return trx
    .from('allocation_shares as s')
    .join('allocations as a', 'a.id', 's.allocation_id')
    .join('cost_pools as p', 'p.id', 'a.cost_pool_id')
    .join('organisations as o', 'o.id', 's.organisation_id')
    .where('a.period', period)
    .whereNot('s.amount_ore', 0)
    .if(organisationId, (q) => q.where('o.id', organisationId!))
    .orderBy(['o.code', 'p.id'])
    .select(
      ...RECIPIENT_COLUMNS,
      'p.code as pool_code',
      'p.name as pool_name',
      'a.basis',
      'a.amount_ore as pool_amount',
      'a.total_weight',
      's.weight',
      's.amount_ore'
    )
}
