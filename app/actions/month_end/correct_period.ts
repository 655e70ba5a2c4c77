/**
 * Correct an invoiced period now (issue 13 point 3, docs/adr/0015), when waiting for the
 * adjustment in the next period is wrong: the period is recomputed with today's inputs
 * (its own pools and key dates), and for every organisation whose share changes its
 * invoice is credited and a new invoice with the recomputed shares issued — all in one
 * transaction, the new invoice naming the one it replaces and the credit note the one it
 * credits. The period's allocation becomes the recomputation (a calculation of its own);
 * it stays invoiced and is settled at the new figures, so no adjustment follows.
 */
import { coded, type CodedMessage } from '#domain/coded_message'
import { inDefaultLanguage } from '#services/messages'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { computePools } from '#actions/month_end/run_allocation'
import { issueOne, type IssuedInvoice } from '#actions/month_end/issue_one_invoice'
import { storageRefusal } from '#actions/month_end/invoice_numbering'
import { periodShares, type CarriedLine } from '#queries/month_end/invoice_sources'
import { creditInvoiceIn, reasonIsValid } from '#actions/month_end/credit_invoice'
import { invoicedPoolSpecs, ownInputs } from '#queries/month_end/calculation_inputs'
import { todayInStockholm } from '#domain/periods'
import { recordAudit } from '#services/audit'
import { transactionWithFiles } from '#services/stored_file'

export interface PeriodCorrection {
  organisation: string
  credited: string | null
  creditNote: string | null
  invoice: IssuedInvoice | null
}

export type CorrectPeriodResult =
  | { ok: true; period: string; corrections: PeriodCorrection[] }
  | { ok: false; period: string; error: CodedMessage }

export async function correctPeriod(
  period: string,
  reason: string,
  userId: number | null
): Promise<CorrectPeriodResult> {
  return transactionWithFiles(async (trx, files): Promise<CorrectPeriodResult> => {
    const refuse = (error: CodedMessage) => ({ ok: false as const, period, error })
    if (!reasonIsValid(reason)) return refuse(coded('controlLoop.refusals.creditReason'))
    const current = await trx.from('periods').where('period', period).forUpdate().first()
    if (!current || current.status !== 'invoiced')
      return refuse(coded('controlLoop.refusals.notInvoiced', { period }))
    const settledIn = await trx
      .from('allocation_adjustments as j')
      .join('periods as q', 'q.period', 'j.period')
      .where('j.adjusted_period', period)
      .where('q.status', 'invoiced')
      .whereRaw('q.approved_calculation_id = j.calculation_id')
      .distinct('j.period')
    if (settledIn.length > 0) {
      return refuse(
        coded('controlLoop.refusals.alreadyAdjusted', {
          period,
          periods: settledIn.map((row) => row.period).join(', '),
        })
      )
    }
    const specs = await invoicedPoolSpecs(trx, period)
    const computed = await computePools(trx, period, specs)
    if (computed.errors.length > 0)
      return refuse(coded('monthEnd.refusals.computeFailed', { errors: computed.errors }))

    const before = await trx
      .from('allocation_shares as s')
      .join('allocations as a', 'a.id', 's.allocation_id')
      .join('cost_pools as c', 'c.id', 'a.cost_pool_id')
      .join('organisations as o', 'o.id', 's.organisation_id')
      .where('a.period', period)
      .select('c.code as pool', 'o.code as organisation', 's.amount_ore')
    const key = (pool: string, organisation: string) => `${pool}|${organisation}`
    const old = new Map(
      before.map((row) => [key(row.pool, row.organisation), BigInt(row.amount_ore)])
    )
    const now = new Map<string, bigint>()
    for (const pool of computed.results)
      for (const share of pool.shares)
        now.set(key(pool.code, share.organisation), BigInt(share.amountOre))
    const affected = new Set<string>()
    for (const k of new Set([...old.keys(), ...now.keys()])) {
      if ((old.get(k) ?? 0n) !== (now.get(k) ?? 0n)) affected.add(k.split('|')[1])
    }
    if (affected.size === 0)
      return refuse(coded('controlLoop.refusals.nothingToCorrect', { period }))

    await replaceAllocation(trx, period, computed.results, userId)

    const corrections: PeriodCorrection[] = []
    const issueDate = todayInStockholm()
    for (const code of [...affected].sort()) {
      const organisation = await trx.from('organisations').where('code', code).firstOrFail()
      // the organisation's invoices of the period with lines still charged (an earlier credit
      // of chosen lines leaves the others in force): their open lines are credited now
      const live = await trx
        .from('invoices as i')
        .where('i.period', period)
        .where('i.organisation_id', organisation.id)
        .where('i.kind', 'invoice')
        .whereExists((q) =>
          q
            .from('invoice_lines as l')
            .whereRaw('l.invoice_id = i.id')
            .whereNotExists((c) =>
              c.from('invoice_lines as c').whereRaw('c.credits_line_id = l.id')
            )
        )
        .orderBy('i.id')
        .select('i.id', 'i.number')
      const creditNotes: string[] = []
      const carried: CarriedLine[] = []
      for (const invoice of live) {
        // adjustments of earlier periods it carried are charged again on the new invoice
        carried.push(
          ...(await trx
            .from('invoice_lines as l')
            .where('l.invoice_id', invoice.id)
            .whereNotNull('l.adjusted_period')
            .whereNotExists((c) =>
              c.from('invoice_lines as c').whereRaw('c.credits_line_id = l.id')
            )
            .orderBy('l.position')
            .select(
              'l.pool_code',
              'l.description',
              'l.basis_text',
              'l.amount_ore',
              'l.adjusted_period'
            ))
        )
        const credit = await creditInvoiceIn(trx, files, Number(invoice.id), reason, userId)
        if (!credit.ok) throw new Error(inDefaultLanguage(credit.error))
        creditNotes.push(credit.number)
      }
      const replaced = live.at(-1)
      const lines = await periodShares(trx, period, organisation.id)
      const invoice =
        lines.length > 0 || carried.length > 0
          ? await issueOne(trx, files, {
              period,
              lines,
              carried,
              organisationId: Number(organisation.id),
              issueDate,
              userId,
              correctsInvoice: replaced
                ? { id: Number(replaced.id), number: replaced.number }
                : undefined,
            })
          : null
      corrections.push({
        organisation: code,
        credited: live.map((row) => row.number).join(', ') || null,
        creditNote: creditNotes.join(', ') || null,
        invoice,
      })
    }
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'period',
      entityId: period,
      summary: `Perioden ${period} rättades: ${corrections
        .map(
          (c) =>
            `${c.organisation} ${c.credited ?? '–'} krediterad med ${c.creditNote ?? '–'}, ny ${c.invoice?.number ?? '–'}`
        )
        .join('; ')} (${reason})`,
    })
    return { ok: true as const, period, corrections }
  }).catch((error) => ({
    ok: false as const,
    period,
    error: storageRefusal(error, 'storage.correctionNotIssued'),
  }))
}

/** The invoiced period's allocation becomes the recomputation, as a calculation of its own. */
async function replaceAllocation(
  trx: TransactionClientContract,
  period: string,
  results: Awaited<ReturnType<typeof computePools>>['results'],
  userId: number | null
) {
  await trx.from('allocations').where('period', period).delete()
  const [calculation] = await trx
    .table('allocation_calculations')
    .insert({
      period,
      calculated_by: userId,
      pool_count: results.length,
      total_ore: results.reduce((sum, result) => sum + BigInt(result.amountOre), 0n).toString(),
    })
    .returning('id')
  for (const result of results) {
    const [allocation] = await trx
      .table('allocations')
      .insert({
        calculation_id: calculation.id,
        period,
        cost_pool_id: result.poolId,
        amount_ore: result.amountOre,
        basis: result.basis,
        key_date: result.basis === 'extensions' ? result.keyDate : null,
        key_month: result.basis === 'headcount' ? result.keyDate : null,
        total_weight: result.total,
        sources: JSON.stringify(result.sources),
      })
      .returning('id')
    if (result.shares.length > 0) {
      await trx.table('allocation_shares').multiInsert(
        result.shares.map((share) => ({
          allocation_id: allocation.id,
          organisation_id: result.ids.get(share.organisation),
          weight: share.count,
          amount_ore: share.amountOre,
        }))
      )
    }
  }
  const inputs = await ownInputs(trx, period, await invoicedPoolSpecs(trx, period), {
    invoiced: true,
  })
  await trx
    .from('allocation_calculations')
    .where('id', calculation.id)
    .update({
      inputs: JSON.stringify(inputs),
    })
  await trx
    .from('periods')
    .where('period', period)
    .update({
      calculation_id: calculation.id,
      approved_calculation_id: calculation.id,
      settled_inputs: JSON.stringify(inputs),
    })
}
