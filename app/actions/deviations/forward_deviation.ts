import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import env from '#start/env'
import { recordAudit } from '#services/audit'
import { mailEnabled } from '#services/mailer'
import type { DeviationRefusal } from '#domain/deviations'

/** E-mail the deviation to the supplier's address and mark it as sent. */
export async function forwardDeviation(id: number, userId: number) {
  const to = env.get('SUPPLIER_DEVIATIONS_EMAIL')
  if (!mailEnabled() || !to) {
    return { ok: false as const, error: 'mailNotConfigured' satisfies DeviationRefusal }
  }
  const deviation = await db
    .from('deviations as d')
    .join('organisations as o', 'o.id', 'd.organisation_id')
    .where('d.id', id)
    .select('d.*', 'o.name as organisation_name')
    .firstOrFail()
  const when = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(deviation.occurred_at)
  await mail.send((message) => {
    message
      .to(to)
      .subject(`Avvikelse ${id} från staden: ${deviation.type.replace('_', ' ')}`)
      .text(
        [
          `Avvikelse nr ${id} rapporterad av ${deviation.organisation_name}.`,
          `Tidpunkt: ${when}`,
          `Ingång: ${deviation.entry_number || '–'}`,
          `Samtals-ID: ${deviation.call_id || '–'}`,
          '',
          deviation.description,
          '',
          'Svara med avvikelsens nummer i ämnesraden.',
        ].join('\n')
      )
  })
  await db
    .from('deviations')
    .where('id', id)
    .update({ status: 'skickad_till_leverantor', forwarded_at: new Date(), updated_at: new Date() })
  await recordAudit(null, {
    userId,
    action: 'update',
    entityType: 'deviation',
    entityId: `avvikelse-${id}`,
    summary: `Avvikelse ${id} skickades till leverantören (${to})`,
  })
  return { ok: true as const }
}
