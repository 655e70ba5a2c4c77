/**
 * The coordinator accepts or waives a fixed-amount pool's year-end true-up (docs/adr/0029).
 * Accepting stores the decision only: the true-up is then an input of the pool's December
 * (app/queries/budget/true_ups.ts), so the next allocation run of an open period adjusts
 * the invoiced December through the control loop (docs/adr/0015) — no invoice is written
 * here, and December's draft of a later period goes stale until it is re-run.
 */
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { formatOre } from '#domain/formatting'
import { trueUpProposals } from '#queries/budget/true_ups'

export interface DecideTrueUpInput {
  poolId: number
  year: number
  accept: boolean
  comment: string
  /** the amount the page showed: a proposal that changed since is refused */
  shownOre: bigint
  userId: number | null
}

export async function decideTrueUp(input: DecideTrueUpInput) {
  return db.transaction(async (trx) => {
    // the December row is held while deciding, so an issue of December cannot interleave
    await trx.from('periods').where('period', `${input.year}-12`).forUpdate().first()
    const proposals = await trueUpProposals(input.year, trx)
    const proposal = proposals.find((p) => p.poolId === input.poolId)
    if (!proposal) {
      // an active pool that is not a fixed amount has nothing to true up: say so
      const pool = await trx
        .from('cost_pools')
        .where('id', input.poolId)
        .where('is_active', true)
        .first()
      return {
        ok: false as const,
        error: pool ? ('notFixedPool' as const) : ('unknownPool' as const),
      }
    }
    if (proposal.gaps.length > 0) {
      return { ok: false as const, error: 'trueUpNotReady' as const, gaps: proposal.gaps }
    }
    if (proposal.amountOre !== input.shownOre) {
      return { ok: false as const, error: 'trueUpChanged' as const }
    }
    await trx.table('true_ups').insert({
      cost_pool_id: proposal.poolId,
      year: input.year,
      charged_ore: String(proposal.chargedOre),
      actual_ore: String(proposal.actualOre),
      amount_ore: String(proposal.amountOre),
      status: input.accept ? 'accepted' : 'waived',
      comment: input.comment,
      decided_by: input.userId,
      decided_at: new Date(),
    })
    await recordAudit(trx, {
      userId: input.userId,
      action: 'update',
      entityType: 'pool',
      entityId: proposal.poolId,
      summary: `Avstämning ${proposal.code} ${input.year} ${input.accept ? 'godkändes' : 'avstods'}: ${formatOre(proposal.amountOre)} (debiterat ${formatOre(proposal.chargedOre)}, kostnad ${formatOre(proposal.actualOre)}). ${input.comment}`,
    })
    return { ok: true as const, pool: proposal.code, amountOre: proposal.amountOre }
  })
}
