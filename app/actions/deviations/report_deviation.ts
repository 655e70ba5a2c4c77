import db from '@adonisjs/lucid/services/db'
import type { DeviationInput } from '#domain/deviations'
import { paths } from '#domain/paths'
import { notify } from '#actions/notifications/notify'
import { activeUsersOfRole } from '#queries/notifications/recipients'
import { twinOfSubmission } from '#services/double_submit'

/**
 * A telephony contact reports a deviation for their own organisation; the coordinators
 * are notified (in-app, and by e-mail as each has chosen for "deviation"), in the same
 * transaction: a report is never stored without its notice, nor the notice without it. The
 * same report sent twice (a double click) is stored once (`alreadyReported`, with its id).
 */
export async function reportDeviation(
  input: DeviationInput,
  user: { id: number; organisationId: number }
) {
  return db.transaction(async (trx) => {
    // the form sent twice: the second finds the first and neither stores nor notifies again
    const twin = await twinOfSubmission(trx, 'deviations.report', () =>
      trx
        .from('deviations')
        .where({
          organisation_id: user.organisationId,
          reported_by: user.id,
          type: input.type,
          description: input.description,
          entry_number: (input.entryNumber ?? '').replace(/\D/g, ''),
        })
        .where('occurred_at', input.occurredAt)
        .select('id')
        .first()
    )
    if (twin) return { ok: false as const, error: 'alreadyReported' as const, id: Number(twin.id) }
    const [row] = await trx
      .table('deviations')
      .insert({
        organisation_id: user.organisationId,
        reported_by: user.id,
        occurred_at: input.occurredAt,
        entry_number: (input.entryNumber ?? '').replace(/\D/g, ''),
        type: input.type,
        description: input.description,
        call_id: input.callId || null,
      })
      .returning('id')
    const id = Number(row.id)
    const organisation = await trx
      .from('organisations')
      .where('id', user.organisationId)
      .select('name')
      .first()
    await notify(
      await activeUsersOfRole('samordnare'),
      'deviation',
      {
        key: 'deviationReported',
        params: { id, organisation: organisation?.name ?? '' },
        url: paths.deviation(id),
      },
      trx
    )
    return { ok: true as const, id }
  })
}
