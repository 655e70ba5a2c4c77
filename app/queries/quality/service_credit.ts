/**
 * Reads of the money side of supplier quality: the contract's service-credit rule for a
 * month, the month's credit (decided, or the proposal the rule gives now), the accepted
 * credit for the allocation, and the reconciliation of the supplier invoice against the
 * call records.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { monthQuality } from '#queries/quality/month_quality'

type MonthReport = Awaited<ReturnType<typeof monthQuality>>
import { differs, serviceCredit } from '#domain/service_credit'

type Rule = Awaited<ReturnType<typeof ruleFor>>

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

/**
 * The month's service credit as the page shows it: the decided one when the coordinator
 * has accepted or waived it, else the proposal the contract rule gives now (computed, not
 * stored: a page view writes nothing; the proposal is stored with the decision). Null
 * when the month has no service level.
 */
export async function serviceCreditFor(
  period: string,
  client: QueryClientContract = db.connection(),
  /** the month's figures when the caller has them already (the page: one read of them) */
  report?: MonthReport,
  /** the contract's rule for the month when the caller has read it (monthFollowUp) */
  knownRule?: Rule
) {
  const decided = await client
    .from('service_credits')
    .where('period', period)
    .whereNot('status', 'proposed')
    .first()
  if (decided) return decided
  const proposal = await proposedCredit(period, client, report, knownRule)
  return proposal ? { ...proposal, status: 'proposed', comment: null } : null
}

/** The proposal the contract rule gives for the month, as the columns of service_credits. */
export async function proposedCredit(
  period: string,
  client: QueryClientContract,
  known?: MonthReport,
  knownRule?: Rule
) {
  const report = known ?? (await monthQuality(period))
  if (report.figures.serviceLevel === null) return null
  const rule = knownRule ?? (await ruleFor(period, client))
  const fee = await invoiceLines(period, rule.feeArticles, client)
  const credit = serviceCredit(
    report.figures.serviceLevel,
    report.targets.serviceLevelTarget,
    fee.amountOre,
    rule
  )
  return {
    period,
    service_level: report.figures.serviceLevel,
    target: report.targets.serviceLevelTarget,
    points: credit.points,
    percent: credit.percent,
    fee_ore: String(fee.amountOre),
    proposed_ore: String(credit.creditOre),
  }
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
  client: QueryClientContract = db.connection(),
  known?: MonthReport,
  knownRule?: Rule
) {
  const rule = knownRule ?? (await ruleFor(period, client))
  const invoiced = await invoiceLines(period, rule.perCallArticles, client)
  const report = known ?? (await monthQuality(period))
  // the month's sum of call_daily's costs, summed ahead per month (call_monthly, migration
  // 0220: the same exact numeric sums, a few hundred rows instead of a month of daily ones)
  const cost = await client
    .from('call_monthly')
    .where('month', `${period}-01`)
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

/**
 * A month's reconciliation and service credit together, as the period checklist and the
 * coordinator's "Väntar på dig" show them: the contract's rule read once, and the month's
 * figures from the caller when it has them (monthReports: one look-up of the data state for
 * several months) — the same answers as calling reconciliation and serviceCreditFor apart.
 */
export async function monthFollowUp(period: string, report?: MonthReport) {
  const client = db.connection()
  const known = report ?? (await monthQuality(period))
  const rule = await ruleFor(period, client)
  return {
    check: await reconciliation(period, client, known, rule),
    credit: await serviceCreditFor(period, client, known, rule),
  }
}
