/**
 * What the e-invoice of an issued company invoice or credit note says, read from the stored
 * invoice, its lines and the parties it printed (`invoices.parties`, frozen at issue: ADR
 * 0025); written as UBL by app/domain/ubl.ts. Administrations are the city itself (an
 * internfaktura): no e-invoice.
 */
import db from '@adonisjs/lucid/services/db'
import type { InvoiceParties } from '#domain/invoice_document'
import { isoDayOf } from '#domain/periods'
import { ocrReference, parseOrganisationNumber, parseVatNumber } from '#domain/company_invoice'
import type { UblDocument, UblParty } from '#domain/ubl'

export type UblRefusal =
  | 'notFound'
  | 'notCompany'
  | 'buyerDetailsMissing'
  | 'buyerOrgNumberMissing'
  | 'buyerAddressMissing'
  | 'issuerDetailsMissing'

/**
 * Why the e-invoice of an issued invoice cannot be made from the parties it printed, or
 * null when it can: the one check behind the download, the command and the invoices list
 * (which shows the reason instead of a link that would be refused).
 */
export function ublRefusalOf(
  parties: InvoiceParties | null
): Exclude<UblRefusal, 'notFound'> | null {
  if (!parties) return 'buyerDetailsMissing'
  const recipient = parties.recipient
  if (recipient.kind !== 'bolag') return 'notCompany'
  if (!recipient.orgNumber) return 'buyerOrgNumberMissing'
  if (!recipient.postalStreet || !recipient.postalCode || !recipient.postalTown)
    return 'buyerAddressMissing'
  const issuerOrgNumber = parseOrganisationNumber(parties.issuer.orgNumber ?? '')
  const issuerVatNumber = parseVatNumber(parties.issuer.vatNumber ?? '')
  if (
    !splitAddress(parties.issuer.address ?? '') ||
    !issuerOrgNumber.ok ||
    !issuerVatNumber.ok ||
    !parties.issuer.name
  )
    return 'issuerDetailsMissing'
  return null
}

const date = (value: Date | string) => (typeof value === 'string' ? value : isoDayOf(value))

/** "Box 8314, 104 20 Staden" → street, postcode, town (the issuer's address is one setting). */
export function splitAddress(address: string) {
  const match = /^(.+?),\s*(\d{3})\s?(\d{2})\s+(.+)$/.exec(address.trim())
  return match ? { street: match[1], postalCode: `${match[2]} ${match[3]}`, town: match[4] } : null
}

/** The period's first and last day: "2026-10" → 2026-10-01 … 2026-10-31. */
export function periodDays(period: string) {
  const [year, month] = period.split('-').map(Number)
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return { start: `${period}-01`, end: `${period}-${String(last).padStart(2, '0')}` }
}

export async function ublDocument(
  where: { id: number } | { number: string }
): Promise<{ ok: true; document: UblDocument } | { ok: false; error: UblRefusal }> {
  const invoice = await db
    .from('invoices as i')
    .leftJoin('invoices as c', 'c.id', 'i.credits_invoice_id')
    .where('id' in where ? { 'i.id': where.id } : { 'i.number': where.number })
    .select('i.*', 'c.number as credited_number', 'c.issue_date as credited_issue_date')
    .first()
  if (!invoice) return { ok: false, error: 'notFound' }
  // the parties as the PDF printed them, stored when it was issued (ADR 0025)
  const parties = invoice.parties as InvoiceParties | null
  const refusal = ublRefusalOf(parties)
  if (refusal || !parties) return { ok: false, error: refusal ?? 'buyerDetailsMissing' }
  const recipient = parties.recipient
  const issuerAddress = splitAddress(parties.issuer.address ?? '')!
  const issuerOrgNumber = parseOrganisationNumber(parties.issuer.orgNumber ?? '')
  const issuerVatNumber = parseVatNumber(parties.issuer.vatNumber ?? '')
  if (!issuerOrgNumber.ok || !issuerVatNumber.ok)
    return { ok: false, error: 'issuerDetailsMissing' }

  const lines = await db
    .from('invoice_lines')
    .where('invoice_id', invoice.id)
    .orderBy('position')
    .select('description', 'basis_text', 'amount_ore')
  // a credit note is stored with negative amounts; its document shows them positive
  const sign = invoice.kind === 'credit' ? -1n : 1n
  const seller: UblParty = {
    name: parties.issuer.name,
    orgNumber: issuerOrgNumber.value,
    vatNumber: issuerVatNumber.value,
    ...issuerAddress,
  }
  // present: ublRefusalOf checked them
  const buyer: UblParty = {
    name: recipient.name,
    orgNumber: recipient.orgNumber!,
    street: recipient.postalStreet!,
    postalCode: recipient.postalCode!,
    town: recipient.postalTown!,
    email: recipient.invoiceEmail ?? null,
  }
  const { start, end } = periodDays(invoice.period)
  return {
    ok: true,
    document: {
      kind: invoice.kind === 'credit' ? 'credit' : 'invoice',
      number: invoice.number,
      issueDate: date(invoice.issue_date),
      dueDate: invoice.due_date ? date(invoice.due_date) : null,
      periodStart: start,
      periodEnd: end,
      buyerReference: invoice.reference || invoice.number,
      credited: invoice.credited_number
        ? { number: invoice.credited_number, issueDate: date(invoice.credited_issue_date) }
        : null,
      note: invoice.credit_reason ?? null,
      paymentTerms: invoice.kind === 'credit' ? null : parties.paymentText || null,
      payment:
        invoice.kind === 'credit' || !parties.issuer.bankgiro
          ? null
          : { bankgiro: parties.issuer.bankgiro, ocr: ocrReference(invoice.number) },
      seller,
      buyer,
      vatPercent: Number(invoice.vat_rate_percent),
      netOre: sign * BigInt(invoice.net_ore),
      vatOre: sign * BigInt(invoice.vat_ore),
      totalOre: sign * BigInt(invoice.total_ore),
      lines: lines.map((row) => ({
        name: row.description,
        description: row.basis_text,
        amountOre: sign * BigInt(row.amount_ore),
      })),
    },
  }
}

/** Whose invoice an id is (to authorise before anything is read), or null. */
export async function invoiceOrganisation(id: number) {
  const row = await db.from('invoices').where('id', id).select('organisation_id').first()
  return row ? { id: Number(row.organisation_id) } : null
}
