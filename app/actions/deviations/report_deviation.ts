import db from '@adonisjs/lucid/services/db'
import type { DeviationInput } from '#domain/deviations'

/** A telephony contact reports a deviation for their own organisation. */
export async function reportDeviation(
  input: DeviationInput,
  user: { id: number; organisationId: number }
) {
  const [row] = await db
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
  return Number(row.id)
}
