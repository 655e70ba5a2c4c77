/**
 * The money side of supplier quality: the month's proposed service credit (accepted or
 * waived by the coordinator, with a comment) and the reconciliation of the supplier
 * invoice against the call records, whose flagged difference blocks approval of the
 * period until it is explained.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { monthQuality, weekdayHourHeatmap } from '#queries/quality/month_quality'
import { deviationCounts } from '#actions/deviations/deviations'
import { renderSupplierReport } from '#services/quality_report_pdf'
import { differs, serviceCredit } from '#domain/service_credit'
import { recordAudit } from '#services/audit'

async function ruleFor(period: string, client: QueryClientContract = db.connection()) {
  const rule = await client
    .from('service_credit_rules')
    .where('valid_from', '<=', `${period}-01`)
    .orderBy('valid_from', 'desc')
    .first()
  return {
    percentPerPoint: Number(rule.percent_per_point),
    maxPercent: Number(rule.max_percent),
    feeArticles: rule.fee_articles as string[],
    perCallArticles: rule.per_call_articles as string[],
    tolerancePercent: Number(rule.tolerance_percent),
  }
}

async function invoiceLines(
  period: string,
  articles: string[],
  client: QueryClientContract = db.connection()
) {
  const row = await client
    .from('supplier_invoice_lines as l')
    .join('supplier_invoices as s', 's.id', 'l.supplier_invoice_id')
    .where('s.period', period)
    .whereIn('l.article', articles)
    .select(
      db.raw('coalesce(sum(l.quantity), 0) as quantity'),
      db.raw('coalesce(sum(l.amount_ore), 0)::bigint as amount_ore')
    )
    .first()
  return { quantity: Number(row.quantity), amountOre: BigInt(row.amount_ore) }
}

/** The credit the contract rule gives for the month (stored as a proposal until decided). */
export async function serviceCreditFor(period: string) {
  const decided = await db
    .from('service_credits')
    .where('period', period)
    .whereNot('status', 'proposed')
    .first()
  if (decided) return decided
  const report = await monthQuality(period)
  const rule = await ruleFor(period)
  const fee = await invoiceLines(period, rule.feeArticles)
  const credit = serviceCredit(
    report.figures.serviceLevel,
    report.targets.serviceLevelTarget,
    fee.amountOre,
    rule
  )
  if (report.figures.serviceLevel === null) return null
  const values = {
    period,
    service_level: report.figures.serviceLevel,
    target: report.targets.serviceLevelTarget,
    points: credit.points,
    percent: credit.percent,
    fee_ore: String(fee.amountOre),
    proposed_ore: String(credit.creditOre),
  }
  await db.rawQuery(
    `INSERT INTO service_credits (period, service_level, target, points, percent, fee_ore, proposed_ore)
     VALUES (:period, :service_level, :target, :points, :percent, :fee_ore, :proposed_ore)
     ON CONFLICT (period) DO UPDATE SET service_level = EXCLUDED.service_level, target = EXCLUDED.target,
       points = EXCLUDED.points, percent = EXCLUDED.percent, fee_ore = EXCLUDED.fee_ore, proposed_ore = EXCLUDED.proposed_ore
     WHERE service_credits.status = 'proposed'`,
    values
  )
  return db.from('service_credits').where('period', period).first()
}

export async function decideServiceCredit(
  period: string,
  accept: boolean,
  comment: string,
  userId: number
) {
  return db.transaction(async (trx) => {
    const credit = await trx.from('service_credits').where('period', period).forUpdate().first()
    if (!credit)
      return { ok: false as const, error: 'Det finns inget förslag på vite för perioden.' }
    const locked = await trx
      .from('periods')
      .where('period', period)
      .whereIn('status', ['approved', 'invoiced'])
      .first()
    if (locked)
      return {
        ok: false as const,
        error: `Perioden ${period} är ${locked.status === 'invoiced' ? 'fakturerad' : 'godkänd'}; vitet kan inte ändras.`,
      }
    await trx
      .from('service_credits')
      .where('period', period)
      .update({
        status: accept ? 'accepted' : 'waived',
        comment,
        decided_by: userId,
        decided_at: new Date(),
      })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'service_credit',
      entityId: period,
      summary: `Vite för ${period} ${accept ? 'godtogs' : 'efterskänktes'}: ${comment}`,
    })
    return { ok: true as const }
  })
}

/** The accepted credit of a period in öre (a negative amount in the TELEFONIST pool). */
export async function acceptedCreditOre(
  period: string,
  client: QueryClientContract = db.connection()
) {
  const row = await client
    .from('service_credits')
    .where('period', period)
    .where('status', 'accepted')
    .first()
  return row ? BigInt(row.proposed_ore) : 0n
}

/** Invoiced per-call quantity and amount against the answered calls and their cost. */
export async function reconciliation(
  period: string,
  client: QueryClientContract = db.connection()
) {
  const rule = await ruleFor(period, client)
  const invoiced = await invoiceLines(period, rule.perCallArticles, client)
  const report = await monthQuality(period)
  const cost = await client
    .from('call_daily')
    .where('day', '>=', `${period}-01`)
    .whereRaw(`day < (?::date + interval '1 month')`, [`${period}-01`])
    .select(db.raw('coalesce(round(sum(cost) * 100), 0)::bigint as ore'))
    .first()
  const answered = BigInt(report.figures.answered)
  const callsCostOre = BigInt(cost.ore)
  const quantity = BigInt(Math.round(invoiced.quantity))
  const quantityDiffers = differs(quantity, answered, rule.tolerancePercent)
  // a month known only from the supplier's statistics has no per-call cost to compare
  // with: the quantity is still checked against the statistics' answered calls
  const amountCheckable = report.source !== 'statistics'
  const amountDiffers =
    amountCheckable && differs(invoiced.amountOre, callsCostOre, rule.tolerancePercent)
  const explanation = await client
    .from('reconciliation_explanations')
    .where('period', period)
    .first()
  const hasInvoice = await client.from('supplier_invoices').where('period', period).first()
  return {
    period,
    hasInvoice: Boolean(hasInvoice),
    tolerancePercent: rule.tolerancePercent,
    invoicedQuantity: Number(quantity),
    answered: Number(answered),
    invoicedAmountOre: invoiced.amountOre,
    callsCostOre,
    quantityDiffers,
    amountDiffers,
    amountCheckable,
    flagged: Boolean(hasInvoice) && (quantityDiffers || amountDiffers),
    explanation: explanation?.explanation ?? null,
  }
}

export async function explainReconciliation(period: string, text: string, userId: number) {
  await db.rawQuery(
    `INSERT INTO reconciliation_explanations (period, explanation, explained_by) VALUES (?, ?, ?)
     ON CONFLICT (period) DO UPDATE SET explanation = EXCLUDED.explanation, explained_by = EXCLUDED.explained_by, explained_at = now()`,
    [period, text, userId]
  )
  await recordAudit(null, {
    userId,
    action: 'update',
    entityType: 'reconciliation',
    entityId: period,
    summary: `Avvikelse i avstämningen ${period} förklarad: ${text}`,
  })
}

/** The monthly supplier follow-up report (PDF) for a period. */
export async function supplierReportPdf(period: string) {
  const report = await monthQuality(period)
  return renderSupplierReport({
    ...report,
    heatmap: await weekdayHourHeatmap(period),
    deviations: await deviationCounts(period),
    reconciliation: await reconciliation(period),
    credit: await serviceCreditFor(period),
  })
}
