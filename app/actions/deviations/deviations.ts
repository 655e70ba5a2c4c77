/**
 * Deviations in the supplier's delivery: a telephony contact reports one for their own
 * organisation; the coordinator triages it (status, comments), forwards it to the
 * supplier by e-mail and closes it with an answer the reporter sees.
 */
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import env from '#start/env'
import { recordAudit } from '#services/audit'
import { mailEnabled } from '#services/mailer'
import { notify } from '#services/notifications'
import { paths } from '#domain/paths'

export const DEVIATION_TYPES = [
  'felkopplat',
  'lang_vantetid',
  'bemotande',
  'tekniskt_fel',
  'annat',
] as const
export const DEVIATION_STATUSES = [
  'ny',
  'under_utredning',
  'skickad_till_leverantor',
  'atgardad',
  'avvisad',
] as const

export interface DeviationInput {
  occurredAt: Date
  entryNumber?: string
  type: (typeof DEVIATION_TYPES)[number]
  description: string
  callId?: string
}

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

export async function updateDeviationStatus(
  id: number,
  input: { status: (typeof DEVIATION_STATUSES)[number]; comment?: string; answer?: string },
  userId: number
) {
  const closing = input.status === 'atgardad' || input.status === 'avvisad'
  if (closing && !input.answer)
    return {
      ok: false as const,
      error: 'Skriv ett svar till den som rapporterade innan avvikelsen stängs.',
    }
  await db.transaction(async (trx) => {
    await trx
      .from('deviations')
      .where('id', id)
      .update({
        status: input.status,
        answer: input.answer || trx.raw('answer'),
        closed_at: closing ? new Date() : null,
        updated_at: new Date(),
      })
    if (input.comment)
      await trx
        .table('deviation_comments')
        .insert({ deviation_id: id, user_id: userId, body: input.comment })
    await recordAudit(trx, {
      userId,
      action: 'update',
      entityType: 'setting',
      entityId: `avvikelse-${id}`,
      summary: `Avvikelse ${id}: status ${input.status}`,
    })
    if (closing) {
      const deviation = await trx
        .from('deviations')
        .where('id', id)
        .select('reported_by')
        .firstOrFail()
      await notify(
        [deviation.reported_by],
        'deviation',
        { key: 'deviationAnswered', params: { id }, url: paths.deviation(id) },
        trx
      )
    }
  })
  return { ok: true as const }
}

/** E-mail the deviation to the supplier's address and mark it as sent. */
export async function forwardDeviation(id: number, userId: number) {
  const to = env.get('SUPPLIER_DEVIATIONS_EMAIL')
  if (!mailEnabled() || !to) {
    return {
      ok: false as const,
      error:
        'E-post är inte konfigurerad (SMTP_HOST och SUPPLIER_DEVIATIONS_EMAIL); skicka avvikelsen manuellt.',
    }
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
    entityType: 'setting',
    entityId: `avvikelse-${id}`,
    summary: `Avvikelse ${id} skickades till leverantören (${to})`,
  })
  return { ok: true as const }
}

/** Counts per type, status and organisation for a month (the monthly follow-up). */
export function deviationCounts(period: string) {
  return db
    .from('deviations as d')
    .join('organisations as o', 'o.id', 'd.organisation_id')
    .whereRaw(`to_char(d.occurred_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') = ?`, [period])
    .groupBy('d.type', 'd.status', 'o.code')
    .select('d.type', 'd.status', 'o.code as organisation', db.raw('count(*)::int as count'))
    .orderBy(['d.type', 'd.status', 'o.code'])
}
