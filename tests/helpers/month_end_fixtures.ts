/**
 * Months as the month-end leaves them, for tests that start after a calculation: a period's
 * row with one pool's allocation shared among organisations, issued or not, and a budget year
 * whose months are closed. Written straight into the tables, so a test pins the amounts it
 * asserts instead of deriving them from a run of the allocation.
 */
import db from '@adonisjs/lucid/services/db'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { inDefaultLanguage } from '#services/messages'

export interface Share {
  organisationId: number
  amountOre: number
  /** the organisation's count in the key (1 unless given) */
  weight?: number
}

/**
 * One pool's allocation for `period` shared as given: its amount the sum of the shares, its
 * total weight the sum of their weights, its key date 31 October of the year before (a
 * DOMAIN.md key date) unless given. Writes no period row; see periodWithShares.
 */
export async function addAllocation(
  period: string,
  shares: Share[],
  options: { pool?: string; keyDate?: string } = {}
) {
  const pool = await db
    .from('cost_pools')
    .where('code', options.pool ?? 'TELEFONIST')
    .firstOrFail()
  const [allocation] = await db
    .table('allocations')
    .insert({
      period,
      cost_pool_id: pool.id,
      amount_ore: shares.reduce((sum, share) => sum + share.amountOre, 0),
      basis: 'extensions',
      key_date: options.keyDate ?? `${Number(period.slice(0, 4)) - 1}-10-31`,
      total_weight: shares.reduce((sum, share) => sum + (share.weight ?? 1), 0),
    })
    .returning('id')
  await db.table('allocation_shares').multiInsert(
    shares.map((share) => ({
      allocation_id: allocation.id,
      organisation_id: share.organisationId,
      weight: share.weight ?? 1,
      amount_ore: share.amountOre,
    }))
  )
  return Number(allocation.id)
}

/** A period (approved unless said) with one pool's allocation shared as given. */
export async function periodWithShares(
  period: string,
  shares: Share[],
  options: { status?: 'draft' | 'approved'; pool?: string; keyDate?: string } = {}
) {
  await db.table('periods').insert({ period, status: options.status ?? 'approved' })
  return addAllocation(period, shares, options)
}

/** Issue an approved period's invoices; a refusal fails the test with its Swedish wording. */
export async function issuePeriod(period: string, userId: number | null = null) {
  const issued = await issueInvoices(period, userId)
  if (!issued.ok) throw new Error(inDefaultLanguage(issued.error))
  return issued.invoices
}

/** The stored invoice row an issue gave an organisation (by its code). */
export async function invoiceFor(
  invoices: { organisation: string; number: string }[],
  code: string
) {
  const issued = invoices.find((invoice) => invoice.organisation === code)
  if (!issued) throw new Error(`no invoice for ${code}`)
  return db.from('invoices').where('number', issued.number).firstOrFail()
}

/**
 * February 2031 approved and issued: TELEFONIST's 3 234,56 kr, 1 234,56 kr of it to the
 * company and 2 000,00 kr to the administration (the delivery and e-invoice tests' month).
 */
export async function issuedFebruary2031(
  company: { id: number; code: string },
  administration: { id: number; code: string }
) {
  await periodWithShares('2031-02', [
    { organisationId: company.id, amountOre: 1234_56 },
    { organisationId: administration.id, amountOre: 2000_00 },
  ])
  const invoices = await issuePeriod('2031-02')
  return {
    companyInvoice: await invoiceFor(invoices, company.code),
    administrationInvoice: await invoiceFor(invoices, administration.code),
  }
}

/**
 * TELEFONIST's 2026 with a budget of 100 000 kr a month and its months up to `closedUpTo`
 * approved: actual 100 500 kr January–August and 101 000 kr September–December.
 */
export async function budgetYear2026(closedUpTo = 12) {
  const pool = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
  for (let month = 1; month <= 12; month++) {
    await db
      .table('budgets')
      .insert({ cost_pool_id: pool.id, year: 2026, month, amount_ore: 10_000_000 })
    if (month > closedUpTo) continue
    const period = `2026-${String(month).padStart(2, '0')}`
    await db.table('periods').insert({ period, status: 'approved' })
    await db.table('allocations').insert({
      period,
      cost_pool_id: pool.id,
      amount_ore: month <= 8 ? 10_050_000 : 10_100_000,
      basis: 'extensions',
      key_date: '2025-10-31',
      total_weight: 1,
    })
  }
}
