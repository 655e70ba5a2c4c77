/**
 * Send one queued document delivery (issue 16, point 1; docs/adr/0025): the invoice's or
 * credit note's stored PDF, a company's e-invoice (Peppol BIS Billing 3 UBL) and the
 * organisation's monthly report when the month has call figures, in one e-mail to the
 * organisation's invoice e-mail or, without one, its telephony contacts.
 *
 * Nothing is sent twice by two instances: the delivery is claimed by one conditional
 * UPDATE (queued → sending, with a fresh claim token); a second worker's UPDATE waits for
 * the row lock, then finds it no longer queued and sends nothing. Only the token's holder
 * settles it (sent / failed with the reason). A claim older than SENDING_LEASE_MS (a worker
 * that died mid-send) may be taken again.
 */
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import i18nManager from '@adonisjs/i18n/services/main'
import logger from '@adonisjs/core/services/logger'
import type { MessageComposeCallback } from '@adonisjs/mail/types'
import { mailEnabled } from '#services/mailer'
import { getSettings } from '#services/settings'
import { readVerified } from '#services/stored_file'
import { renderOrganisationReport } from '#services/quality_report_pdf'
import { registerJob } from '#services/job_queue'
import { ublXml } from '#domain/ubl'
import { formatMonth, formatOre } from '#domain/formatting'
import { isoDayOf } from '#domain/periods'
import {
  attachmentNames,
  deliveryRecipients,
  failureReason,
  isEmailAddress,
  type DeliveryFailureCode,
  recipientsByLanguage,
  SENDING_LEASE_MS,
} from '#domain/deliveries'
import { ublDocument } from '#queries/invoices/ubl_document'
import { monthHasTransfers, transferredToOrganisation } from '#queries/quality/month_quality'
import { organisationDeviations, organisationShares } from '#queries/quality/organisation_report'
import { DELIVERY_JOB } from '#actions/deliveries/queue_document_delivery'
import { organisationContactEmails } from '#queries/notifications/recipients'

/** What sends the e-mail: the configured mailer, or another (a test's SMTP sink). */
export interface DeliveryMailer {
  send(callback: MessageComposeCallback): Promise<unknown>
}

export type DeliverOutcome = 'sent' | 'failed' | 'notClaimed'

/** Claim the delivery for this worker; null when another has it or it is not queued. */
async function claim(deliveryId: number) {
  const token = randomUUID()
  const { rows } = await db.rawQuery(
    `UPDATE document_deliveries
        SET status = 'sending', claim_token = ?, claimed_at = now(), attempts = attempts + 1,
            last_attempt_at = now()
      WHERE id = ?
        AND (status = 'queued'
             OR (status = 'sending' AND claimed_at < now() - ? * interval '1 millisecond'))
      RETURNING id, invoice_id, organisation_id, attempts`,
    [token, deliveryId, SENDING_LEASE_MS]
  )
  return rows[0] ? { ...rows[0], token } : null
}

/**
 * E-mail is not set up: a queued delivery becomes failed with the reason `mailOff` at once,
 * without a claim and without counting an attempt (nothing was tried). Once e-mail is set up,
 * the daily retry or "Skicka igen" sends it with all its attempts left.
 */
async function failWithoutMail(deliveryId: number) {
  return db.transaction(async (trx) => {
    const updated = await trx
      .from('document_deliveries')
      .where('id', deliveryId)
      .where('status', 'queued')
      .update({ status: 'failed', last_error: 'mailOff' satisfies DeliveryFailureCode }, ['id'])
    if (updated.length === 0) return false
    await trx
      .table('document_delivery_events')
      .insert({ delivery_id: deliveryId, event: 'failed', detail: 'mailOff' })
    return true
  })
}

async function settle(
  deliveryId: number,
  token: string,
  outcome:
    | { status: 'sent'; recipients: string[]; source: string; attachments: string[] }
    | {
        status: 'failed'
        reason: string
        /** the addresses tried (none when there was none to try), shown on /utskick */
        recipients?: string[]
        source?: string | null
        attachments?: string[]
      }
) {
  await db.transaction(async (trx) => {
    const updated = await trx
      .from('document_deliveries')
      .where('id', deliveryId)
      .where('claim_token', token)
      .update(
        outcome.status === 'sent'
          ? {
              status: 'sent',
              claim_token: null,
              sent_at: new Date(),
              last_error: null,
              recipients: JSON.stringify(outcome.recipients),
              recipient_source: outcome.source,
              attachments: JSON.stringify(outcome.attachments),
            }
          : {
              status: 'failed',
              claim_token: null,
              last_error: outcome.reason,
              recipients: JSON.stringify(outcome.recipients ?? []),
              recipient_source: outcome.source ?? null,
              attachments: JSON.stringify(outcome.attachments ?? []),
            },
        ['id']
      )
    // the claim was taken back meanwhile (this worker was taken for dead): not ours to settle
    if (updated.length === 0) return
    await trx.table('document_delivery_events').insert({
      delivery_id: deliveryId,
      event: outcome.status,
      detail:
        outcome.status === 'sent' ? outcome.recipients.join(', ') : outcome.reason.slice(0, 1000),
    })
  })
}

interface Attachment {
  filename: string
  contentType: string
  /** made when the e-mail is composed, once for all its language groups */
  content: () => Promise<Buffer>
}

function madeOnce(make: () => Promise<Buffer>) {
  let made: Promise<Buffer> | undefined
  return () => (made ??= make())
}

/**
 * The document's attachments: its PDF, a company's UBL, the month's report if it has figures.
 * The stored PDF is read (and verified) and the UBL built at once, so a damaged file fails the
 * delivery before anything is sent; the report — a PDF rendered from the month's figures, the
 * costly part — is rendered only when a mailer composes the message.
 */
async function attachmentsOf(invoice: Record<string, any>): Promise<Attachment[]> {
  const names = attachmentNames(invoice.number, invoice.code, invoice.period)
  const pdf = await readVerified(invoice.pdf_path, invoice.pdf_sha256, {
    name: `faktura ${invoice.number}`,
    damagedMessage: 'storage.invoicePdfDamaged',
  })
  const attachments: Attachment[] = [
    { filename: names.pdf, contentType: 'application/pdf', content: async () => pdf },
  ]
  if (invoice.organisation_kind === 'bolag') {
    const ubl = await ublDocument({ id: invoice.id })
    if (ubl.ok) {
      const xml = Buffer.from(ublXml(ubl.document), 'utf8')
      attachments.push({
        filename: names.ubl,
        contentType: 'application/xml',
        content: async () => xml,
      })
    }
  }
  // the monthly report exists for a month with call figures (the invoice itself, not a credit)
  if (invoice.kind === 'invoice' && (await monthHasTransfers(invoice.period))) {
    attachments.push({
      filename: names.report,
      contentType: 'application/pdf',
      content: madeOnce(async () =>
        renderOrganisationReport({
          period: invoice.period,
          organisation: { code: invoice.code, name: invoice.name },
          days: await transferredToOrganisation(invoice.period, invoice.organisation_id),
          deviations: await organisationDeviations(invoice.organisation_id, invoice.period),
          shares: await organisationShares(invoice.organisation_id, invoice.period),
        })
      ),
    })
  }
  return attachments
}

/** The languages of the recipients who are users (lower-cased address → locale). */
async function languagesOf(addresses: string[]) {
  const rows = await db
    .from('users')
    .where('is_active', true)
    .whereIn(
      db.raw('lower(email)'),
      addresses.map((address) => address.toLowerCase())
    )
    .select('email', 'locale')
  return new Map(rows.map((row) => [String(row.email).toLowerCase(), String(row.locale || 'sv')]))
}

/** The e-mail's subject and body in one language. */
function mailText(invoice: Record<string, any>, attachments: Attachment[], locale: string) {
  const i18n = i18nManager.locale(locale)
  const month = formatMonth(invoice.period, locale)
  const subjectKey =
    invoice.kind === 'credit' ? 'deliveries.mail.creditSubject' : 'deliveries.mail.subject'
  const subject = i18n.t(subjectKey, {
    number: invoice.number,
    month,
    // the name the document printed (invoices.parties), whatever the register says now
    organisation: invoice.parties?.recipient?.name ?? invoice.name,
  })
  const body = [
    i18n.t('deliveries.mail.greeting'),
    '',
    invoice.kind === 'credit'
      ? i18n.t('deliveries.mail.creditIntro', {
          number: invoice.number,
          credits: invoice.credits_number ?? '',
          month,
          total: formatOre(BigInt(invoice.total_ore)),
        })
      : i18n.t('deliveries.mail.intro', {
          number: invoice.number,
          month,
          total: formatOre(BigInt(invoice.total_ore)),
          due:
            invoice.due_date instanceof Date
              ? isoDayOf(invoice.due_date)
              : String(invoice.due_date),
        }),
    '',
    i18n.t('deliveries.mail.attached'),
    ...attachments.map((attachment) => `• ${attachment.filename}`),
    '',
    i18n.t('deliveries.mail.signature'),
  ].join('\n')
  return { subject, body }
}

/** Send the delivery if this worker can claim it. */
export async function deliverDocument(
  deliveryId: number,
  options: { mailer?: DeliveryMailer } = {}
): Promise<DeliverOutcome> {
  // without e-mail nothing is attempted: failed with that reason, no attempt counted
  if (!options.mailer && !mailEnabled())
    return (await failWithoutMail(deliveryId)) ? 'failed' : 'notClaimed'
  const claimed = await claim(deliveryId)
  if (!claimed) return 'notClaimed'
  // the addresses tried, kept with a failure so the coordinator sees where it did not arrive
  let tried: ReturnType<typeof deliveryRecipients> = null
  try {
    const invoice = await db
      .from('invoices as i')
      .join('organisations as o', 'o.id', 'i.organisation_id')
      .leftJoin('invoices as c', 'c.id', 'i.credits_invoice_id')
      .where('i.id', claimed.invoice_id)
      .select(
        'i.*',
        'o.code',
        'o.name',
        'o.kind as organisation_kind',
        'o.invoice_email',
        'c.number as credits_number'
      )
      .firstOrFail()
    const recipients = deliveryRecipients(
      invoice.invoice_email,
      await organisationContactEmails(invoice.organisation_id)
    )
    if (!recipients) {
      await settle(deliveryId, claimed.token, {
        status: 'failed',
        reason: 'noRecipients' satisfies DeliveryFailureCode,
      })
      return 'failed'
    }
    tried = recipients
    const attachments = await attachmentsOf(invoice)
    // questions about the invoice go to its sender's contact ("Vår referens"), not the no-reply sender
    const { issuer_contact_email: issuerEmail } = await getSettings()
    const replyTo = isEmailAddress(issuerEmail) ? issuerEmail.trim() : null
    // each recipient in their own language: one e-mail per language (docs/adr/0031)
    const groups = recipientsByLanguage(
      recipients.addresses,
      await languagesOf(recipients.addresses)
    )
    for (const group of groups) {
      const { subject, body } = mailText(invoice, attachments, group.locale)
      await (options.mailer ?? mail).send(async (message) => {
        message.to(group.addresses[0])
        for (const address of group.addresses.slice(1)) message.cc(address)
        if (replyTo) message.replyTo(replyTo)
        message.subject(subject).text(body)
        for (const attachment of attachments) {
          message.attachData(await attachment.content(), {
            filename: attachment.filename,
            contentType: attachment.contentType,
          })
        }
      })
    }
    await settle(deliveryId, claimed.token, {
      status: 'sent',
      recipients: recipients.addresses,
      source: recipients.source,
      attachments: attachments.map((attachment) => attachment.filename),
    })
    return 'sent'
  } catch (error) {
    const reason = failureReason(error)
    // a mail server's refusal (nodemailer's responseCode) is an outcome, recorded with its
    // reason: one log line; anything else may be a defect, logged with its stack
    if (typeof (error as { responseCode?: unknown })?.responseCode === 'number') {
      logger.warn({ delivery: deliveryId, reason }, 'document delivery refused by the mail server')
    } else {
      logger.warn({ err: error, delivery: deliveryId }, 'document delivery failed')
    }
    await settle(deliveryId, claimed.token, {
      status: 'failed',
      reason,
      recipients: tried?.addresses,
      source: tried?.source,
    })
    return 'failed'
  }
}

registerJob(DELIVERY_JOB, {
  async run(payload) {
    await deliverDocument(Number(payload.deliveryId))
  },
})
