/**
 * Every list behind the month-end as an Excel-ready CSV (issue 13 point 8), from one
 * registry: a list names who may read it, whether it is of one period, its columns (their
 * headers are i18n keys `exports.lists.<list>.<column>`) and its rows. A new list — the
 * adjustments of late inputs, say — is one more entry here; the route, the authorisation
 * and the CSV writer (formula neutralising, `="…"` for text Excel would change) are shared.
 *
 * Amounts are kronor with a decimal comma and no grouping (`-1234,56`), which Swedish
 * Excel reads as numbers; codes, periods, invoice numbers and cost centres are text.
 */
import db from '@adonisjs/lucid/services/db'
import { asText, type Cell } from '#services/csv_writer'
import { formatDateTime, formatOre } from '#domain/formatting'
import { listPeriods, listInvoices, periodOverview } from '#queries/month_end/period_overview'
import { listExportBatches } from '#queries/month_end/export_batches'

type Translate = (key: string, data?: Record<string, unknown>) => string

export interface ListScope {
  /** `YYYY-MM`, or null for a list over every period */
  period: string | null
  /** a telephony contact's own organisation: the list holds only its rows */
  organisationId: number | null
  t: Translate
}

export interface MonthEndList {
  /** the Bouncer ability that reads the list */
  ability: 'useApp' | 'viewAllOrganisations'
  needsPeriod: boolean
  fileName: (period: string | null) => string
  columns: string[]
  rows: (scope: ListScope) => Promise<Cell[][]>
}

/** Kronor for Excel: `1234,56`, `-12,00`. */
export const kronor = (ore: bigint | number | string | null | undefined) =>
  ore === null || ore === undefined
    ? ''
    : formatOre(BigInt(ore), { unit: false }).replace(/\s/g, '')

const date = (value: Date | string | null | undefined) =>
  value ? asText(String(formatDateTime(value))) : ''

export const MONTH_END_LISTS: Record<string, MonthEndList> = {
  perioder: {
    ability: 'viewAllOrganisations',
    needsPeriod: false,
    fileName: () => 'perioder.csv',
    columns: ['period', 'status', 'total', 'calculatedAt', 'approvedAt', 'invoicedAt'],
    async rows({ t }) {
      const periods = await listPeriods()
      return periods.map((row) => [
        asText(row.period),
        t(`allocations.statuses.${row.status}`),
        kronor(row.total_ore),
        date(row.calculated_at),
        date(row.approved_at),
        date(row.invoiced_at),
      ])
    },
  },

  andelar: {
    ability: 'useApp',
    needsPeriod: true,
    fileName: (period) => `andelar-${period}.csv`,
    columns: [
      'period',
      'pool',
      'poolName',
      'key',
      'basis',
      'organisation',
      'name',
      'count',
      'unitPrice',
      'amount',
      'previous',
      'change',
    ],
    async rows({ period, organisationId, t }) {
      const overview = await periodOverview(period!, organisationId)
      if (!overview) return []
      return overview.pools.flatMap((pool) =>
        pool.shares.map((share: (typeof pool.shares)[number]) => [
          asText(period),
          asText(pool.code),
          pool.name,
          asText(pool.key_date || pool.key_month),
          t(`allocations.bases.${pool.basis}`),
          asText(share.code),
          share.name,
          Number(share.weight),
          String(pool.unitPrice).replace(/\s/g, ''),
          kronor(share.amount_ore),
          kronor(share.previous_ore),
          share.change === null ? '' : kronor(share.change),
        ])
      )
    },
  },

  fakturor: {
    ability: 'useApp',
    needsPeriod: false,
    fileName: (period) => (period ? `fakturor-${period}.csv` : 'fakturor.csv'),
    columns: [
      'number',
      'document',
      'issueDate',
      'period',
      'organisation',
      'name',
      'net',
      'vat',
      'total',
      'credits',
      'replaces',
      'batch',
    ],
    async rows({ period, organisationId, t }) {
      const invoices = await listInvoices({ organisationId, period: period ?? undefined })
      const exported = await db
        .from('exported_verifications')
        .whereIn(
          'invoice_id',
          invoices.map((invoice) => invoice.id)
        )
        .select('invoice_id', 'batch_number')
      const batches = new Map(
        exported.map((row) => [String(row.invoice_id), row.batch_number as number])
      )
      const organisationKinds = await db
        .from('organisations')
        .whereIn('id', [...new Set(invoices.map((invoice) => invoice.organisation_id))])
        .select('id', 'kind')
      const kinds = new Map(organisationKinds.map((row) => [row.id as number, row.kind as string]))
      return invoices.map((invoice) => [
        asText(invoice.number),
        t(
          `exports.documents.${invoice.kind === 'credit' ? 'credit' : kinds.get(invoice.organisation_id) === 'bolag' ? 'invoice' : 'internal'}`
        ),
        asText(invoice.issue_date),
        asText(invoice.period),
        asText(invoice.code),
        invoice.name,
        kronor(invoice.net_ore),
        kronor(invoice.vat_ore),
        kronor(invoice.total_ore),
        asText(invoice.credits_number),
        asText(invoice.replaces_number),
        batches.get(String(invoice.id)) ?? '',
      ])
    },
  },

  // the control loop's adjustments of earlier invoiced periods, carried by this period's calculation
  justeringar: {
    ability: 'useApp',
    needsPeriod: true,
    fileName: (period) => `justeringar-${period}.csv`,
    columns: [
      'period',
      'adjustedPeriod',
      'pool',
      'organisation',
      'name',
      'count',
      'settled',
      'recomputed',
      'amount',
    ],
    async rows({ period, organisationId }) {
      const rows = await db
        .from('allocation_adjustment_shares as x')
        .join('allocation_adjustments as j', 'j.id', 'x.adjustment_id')
        .join('periods as p', (join) =>
          join.on('p.period', 'j.period').andOn('p.calculation_id', 'j.calculation_id')
        )
        .join('cost_pools as c', 'c.id', 'j.cost_pool_id')
        .join('organisations as o', 'o.id', 'x.organisation_id')
        .where('j.period', period!)
        .if(organisationId, (query) => query.where('x.organisation_id', organisationId!))
        .orderBy(['j.adjusted_period', 'c.id', 'o.code'])
        .select(
          'j.adjusted_period',
          'c.code as pool',
          'o.code',
          'o.name',
          'x.weight',
          'x.settled_ore',
          'x.recomputed_ore',
          'x.amount_ore'
        )
      return rows.map((row) => [
        asText(period),
        asText(row.adjusted_period),
        asText(row.pool),
        asText(row.code),
        row.name,
        Number(row.weight),
        kronor(row.settled_ore),
        kronor(row.recomputed_ore),
        kronor(row.amount_ore),
      ])
    },
  },

  exportbatcher: {
    ability: 'viewAllOrganisations',
    needsPeriod: false,
    fileName: () => 'exportbatcher.csv',
    columns: ['batch', 'exportedAt', 'exportedBy', 'verifications', 'first', 'last'],
    async rows() {
      const exportBatches = await listExportBatches()
      return exportBatches.map((batch) => [
        batch.number,
        date(batch.created_at),
        batch.created_by_name ?? '',
        batch.verification_count,
        asText(batch.first_number),
        asText(batch.last_number),
      ])
    },
  },
}

export const MONTH_END_LIST_NAMES = new RegExp(`^(${Object.keys(MONTH_END_LISTS).join('|')})$`)
