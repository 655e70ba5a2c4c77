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

/**
 * What the reconciliation and the service credit of a month read, in one statement (issue 18
 * point 4: the period checklist and "Väntar på dig" read them on every view): the contract's
 * rule for the month, the supplier invoice's per-call and fee lines summed by the rule's
 * articles, the month's call cost, the explanation of a difference, and the month's
 * supplier invoices and the pools they feed (the checklist's counts).
 */
const FACTS_SQL = `WITH rule AS (
    SELECT percent_per_point, max_percent, fee_articles, per_call_articles, tolerance_percent
      FROM service_credit_rules WHERE valid_from <= :first::date
     ORDER BY valid_from DESC LIMIT 1
  ), lines AS (
    SELECT l.article, l.quantity, l.amount_ore
      FROM supplier_invoice_lines l JOIN supplier_invoices s ON s.id = l.supplier_invoice_id
     WHERE s.period = :period
  )
  SELECT r.percent_per_point IS NOT NULL AS has_rule, r.percent_per_point, r.max_percent,
         r.fee_articles, r.per_call_articles, r.tolerance_percent,
         (SELECT coalesce(sum(quantity), 0) FROM lines
           WHERE article = ANY (r.per_call_articles)) AS per_call_quantity,
         (SELECT coalesce(sum(amount_ore), 0)::bigint FROM lines
           WHERE article = ANY (r.per_call_articles)) AS per_call_amount_ore,
         (SELECT coalesce(sum(amount_ore), 0)::bigint FROM lines
           WHERE article = ANY (r.fee_articles)) AS fee_amount_ore,
         -- the month's sum of call_daily's costs, summed ahead per month (call_monthly, migration
         -- 0220: the same exact numeric sums, a few hundred rows instead of a month of daily ones)
         (SELECT coalesce(round(sum(cost) * 100), 0)::bigint FROM call_monthly
           WHERE month = :first::date) AS calls_cost_ore,
         (SELECT explanation FROM reconciliation_explanations WHERE period = :period) AS explanation,
         (SELECT count(*) FROM supplier_invoices WHERE period = :period)::int AS supplier_invoices,
         (SELECT count(*) FROM cost_pools
           WHERE is_active AND amount_source = 'supplier_invoices')::int AS supplier_pools
    FROM (SELECT 1) AS one LEFT JOIN rule r ON true`

/** A month's facts for the reconciliation and the service credit (FACTS_SQL). */
export async function followUpFacts(period: string, client: QueryClientContract = db.connection()) {
  const { rows } = await client.rawQuery(FACTS_SQL, { period, first: `${period}-01` })
  const row = rows[0]
  if (!row.has_rule) throw new Error(`No service credit rule is valid for ${period}`)
  return {
    rule: {
      percentPerPoint: Number(row.percent_per_point),
      maxPercent: Number(row.max_percent),
      feeArticles: row.fee_articles as string[],
      perCallArticles: row.per_call_articles as string[],
      tolerancePercent: Number(row.tolerance_percent),
    },
    perCall: {
      quantity: Number(row.per_call_quantity),
      amountOre: BigInt(row.per_call_amount_ore),
    },
    feeOre: BigInt(row.fee_amount_ore),
    callsCostOre: BigInt(row.calls_cost_ore),
    explanation: (row.explanation as string | null) ?? null,
    /** the month's supplier invoices */
    supplierInvoices: Number(row.supplier_invoices),
    /** active pools fed by supplier invoices */
    supplierPools: Number(row.supplier_pools),
  }
}

type Facts = Awaited<ReturnType<typeof followUpFacts>>

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
  /** the month's facts when the caller has read them (monthFollowUp) */
  knownFacts?: Facts
) {
  const decided = await client
    .from('service_credits')
    .where('period', period)
    .whereNot('status', 'proposed')
    .first()
  if (decided) return decided
  const proposal = await proposedCredit(period, client, report, knownFacts)
  return proposal ? { ...proposal, status: 'proposed', comment: null } : null
}

/** The proposal the contract rule gives for the month, as the columns of service_credits. */
export async function proposedCredit(
  period: string,
  client: QueryClientContract,
  known?: MonthReport,
  knownFacts?: Facts
) {
  const report = known ?? (await monthQuality(period))
  if (report.figures.serviceLevel === null) return null
  const { rule, feeOre } = knownFacts ?? (await followUpFacts(period, client))
  const credit = serviceCredit(
    report.figures.serviceLevel,
    report.targets.serviceLevelTarget,
    feeOre,
    rule
  )
  return {
    period,
    service_level: report.figures.serviceLevel,
    target: report.targets.serviceLevelTarget,
    points: credit.points,
    percent: credit.percent,
    fee_ore: String(feeOre),
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
  knownFacts?: Facts
) {
  const facts = knownFacts ?? (await followUpFacts(period, client))
  const { rule, perCall: invoiced, callsCostOre } = facts
  const report = known ?? (await monthQuality(period))
  const answered = BigInt(report.figures.answered)
  const quantity = BigInt(Math.round(invoiced.quantity))
  const quantityDiffers = differs(quantity, answered, rule.tolerancePercent)
  // a month known only from the supplier's statistics has no per-call cost to compare
  // with: the quantity is still checked against the statistics' answered calls
  const amountCheckable = report.source !== 'statistics'
  const amountDiffers =
    amountCheckable && differs(invoiced.amountOre, callsCostOre, rule.tolerancePercent)
  const hasInvoice = facts.supplierInvoices > 0
  return {
    period,
    hasInvoice,
    tolerancePercent: rule.tolerancePercent,
    invoicedQuantity: Number(quantity),
    answered: Number(answered),
    invoicedAmountOre: invoiced.amountOre,
    callsCostOre,
    quantityDiffers,
    amountDiffers,
    amountCheckable,
    flagged: hasInvoice && (quantityDiffers || amountDiffers),
    explanation: facts.explanation,
  }
}

/**
 * A month's reconciliation and service credit together, as the period checklist and the
 * coordinator's "Väntar på dig" show them: the month's facts read once (`followUpFacts`, which
 * the checklist's counts come with), and the month's figures from the caller when it has them (monthReports: one look-up of the data state for
 * several months) — the same answers as calling reconciliation and serviceCreditFor apart.
 */
export async function monthFollowUp(period: string, report?: MonthReport) {
  const client = db.connection()
  const known = report ?? (await monthQuality(period))
  const facts = await followUpFacts(period, client)
  return {
    check: await reconciliation(period, client, known, facts),
    credit: await serviceCreditFor(period, client, known, facts),
    facts,
  }
}
