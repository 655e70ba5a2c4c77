import type { HttpContext } from '@adonisjs/core/http'
import { renderMessages } from '#domain/coded_message'
import { controlLoopOverview } from '#queries/month_end/control_loop_overview'
import { Exception } from '@adonisjs/core/exceptions'
import { listInvoices, listPeriods, periodOverview } from '#queries/month_end/period_overview'
import { isPeriod } from '#domain/periods'

/**
 * Read-only JSON API for integration users (README "JSON API"): periods, a period's
 * allocation and invoices. Amounts in integer öre.
 */
export default class ApiController {
  async periods({ bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const periods = await listPeriods()
    return {
      periods: periods.map((row) => ({
        period: row.period,
        status: row.status,
        allocatedOre: Number(row.total_ore),
      })),
    }
  }

  async allocation({ params, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const overview = isPeriod(params.period) ? await periodOverview(params.period) : null
    if (!overview) throw new Exception('Perioden finns inte', { status: 404 })
    const loop = await controlLoopOverview(params.period)
    return {
      period: overview.period.period,
      status: overview.period.status,
      calculationId: overview.period.calculation_id ? Number(overview.period.calculation_id) : null,
      stale: loop?.stale.stale ?? false,
      // stored as codes (docs/adr/0019): worded in the requester's language
      warnings: renderMessages(overview.period.warnings, (key, data) => i18n.t(key, data)),
      // FORMATS.md's adjustments of `allocation:run`: the invoiced periods this one adjusts
      adjustments: (loop?.carried ?? []).map((adjustment) => ({
        period: adjustment.adjustedPeriod,
        pool: adjustment.pool,
        amountOre: Number(adjustment.amountOre),
        shares: adjustment.shares.map((share) => ({
          organisation: share.code,
          amountOre: Number(share.amount_ore),
        })),
      })),
      pools: overview.pools.map((pool) => ({
        code: pool.code,
        amountOre: Number(pool.amount_ore),
        basis: pool.basis,
        keyDate: pool.key_date ?? pool.key_month,
        total: Number(pool.total_weight),
        shares: pool.shares.map((share: { code: string; weight: string; amount_ore: string }) => ({
          organisation: share.code,
          count: Number(share.weight),
          amountOre: Number(share.amount_ore),
        })),
      })),
    }
  }

  async invoices({ request, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const period = isPeriod(request.input('period')) ? request.input('period') : undefined
    const rows = await listInvoices({ period })
    return {
      invoices: rows.map((row) => ({
        number: row.number,
        kind: row.kind,
        period: row.period,
        organisation: row.code,
        issueDate: row.issue_date,
        netOre: Number(row.net_ore),
        vatOre: Number(row.vat_ore),
        totalOre: Number(row.total_ore),
        credits: row.credits_number,
      })),
    }
  }
}
