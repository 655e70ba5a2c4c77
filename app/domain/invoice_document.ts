/**
 * What an issued invoice or credit note says (DOMAIN.md "Who is invoiced", issue 15 point 6):
 * the document's facts and parties, its title, the label of the amount and the payment box's
 * fields — the same for the PDF (app/services/pdf_renderer.ts) and what the invoice stores
 * of its parties. Pure: no pdfkit, no database.
 */
import { formatOre } from '#domain/formatting'
import { ocrReference } from '#domain/company_invoice'

export interface InvoiceDocument {
  kind: 'invoice' | 'credit'
  number: string
  issueDate: string
  dueDate: string
  period: string
  /**
   * `vatNumber`: the issuer's VAT registration number, printed on a company's invoice;
   * the contact is "Vår referens" and the footer; the giro accounts go in a company's
   * payment box (optional: invoices issued before they were settings have none).
   */
  issuer: {
    name: string
    address: string
    orgNumber: string
    vatNumber?: string
    contactName?: string
    contactPhone?: string
    contactEmail?: string
    bankgiro?: string
  }
  /** a company's organisation number and postal address (DOMAIN.md "Who is invoiced") */
  recipient: {
    name: string
    code: string
    costCentre: string
    reference: string
    kind: string
    orgNumber?: string | null
    postalStreet?: string | null
    postalCode?: string | null
    postalTown?: string | null
    invoiceEmail?: string | null
  }
  lines: { description: string; basisText: string; amountOre: bigint }[]
  netOre: bigint
  vatOre: bigint
  vatRatePercent: number
  totalOre: bigint
  paymentText: string
  credits?: { number: string; reason: string }
  /** a corrected invoice names the credited one it replaces */
  replaces?: string
}

/** What an issued invoice stores of its parties (`invoices.parties`, ADR 0025). */
export type InvoiceParties = Pick<InvoiceDocument, 'issuer' | 'recipient' | 'paymentText'> & {
  /** issued before the parties were stored: copied from the register at the upgrade */
  backfilled?: boolean
}

export function printedParties(document: InvoiceDocument): InvoiceParties {
  return {
    issuer: document.issuer,
    recipient: document.recipient,
    paymentText: document.paymentText,
  }
}

/**
 * The document's title: a company (a separate legal entity) gets a *Faktura* with what
 * mervärdesskattelagen asks; an administration (the city itself) an *Internfaktura*.
 */
export function documentTitle(invoice: Pick<InvoiceDocument, 'kind' | 'recipient'>) {
  if (invoice.kind === 'credit') return 'Kreditfaktura'
  return invoice.recipient.kind === 'bolag' ? 'Faktura' : 'Internfaktura'
}

/** The first and last day of a period `YYYY-MM`: what was supplied when. */
export function periodDates(period: string) {
  const [year, month] = period.split('-').map(Number)
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${period}-01 – ${period}-${String(last).padStart(2, '0')}`
}

/** The label of the amount to settle: what a company pays, what an administration settles. */
export function amountDueLabel(invoice: Pick<InvoiceDocument, 'kind' | 'recipient'>) {
  if (invoice.recipient.kind !== 'bolag') return 'Belopp att avräkna'
  return invoice.kind === 'credit' ? 'Kreditbelopp' : 'Att betala'
}

/** The payment box's fields, left to right: label and value. */
export function paymentFields(invoice: InvoiceDocument): [string, string][] {
  const company = invoice.recipient.kind === 'bolag'
  const amount: [string, string] = [amountDueLabel(invoice), formatOre(invoice.totalOre)]
  if (invoice.kind === 'credit')
    return [
      ['Krediterar faktura', invoice.credits?.number ?? '–'],
      ['Referens', invoice.number],
      ['Betalningssätt', company ? 'Kvittas' : 'Intern avräkning'],
      amount,
    ]
  if (!company)
    return [
      ['Betalningssätt', 'Intern avräkning'],
      ['Referens', invoice.number],
      ['Avräknas', invoice.dueDate],
      amount,
    ]
  return [
    ['Bankgiro', invoice.issuer.bankgiro || 'saknas'],
    ['OCR-nummer', ocrReference(invoice.number)],
    ['Förfallodatum', invoice.dueDate],
    amount,
  ]
}
