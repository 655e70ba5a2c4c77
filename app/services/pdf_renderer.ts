/**
 * Internal invoice PDFs (pdfkit, built-in Helvetica). Amounts come pre-formatted in
 * Swedish with an ASCII hyphen and no-break spaces, which Helvetica prints correctly
 * (U+2212 and U+202F would not). Rendered once at issue and stored with a checksum.
 */
import PDFDocument from 'pdfkit'
import { formatMonth, formatOre } from '#domain/formatting'

export interface InvoiceDocument {
  kind: 'invoice' | 'credit'
  number: string
  issueDate: string
  dueDate: string
  period: string
  /** `vatNumber`: the issuer's VAT registration number, printed on a company's invoice */
  issuer: { name: string; address: string; orgNumber: string; vatNumber?: string }
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
function periodDates(period: string) {
  const [year, month] = period.split('-').map(Number)
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${period}-01 – ${period}-${String(last).padStart(2, '0')}`
}

export function renderInvoicePdf(invoice: InvoiceDocument): Promise<Buffer> {
  const company = invoice.recipient.kind === 'bolag'
  const title = documentTitle(invoice)
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      bufferPages: true,
      info: {
        Title: `${title} ${invoice.number}`,
        Author: invoice.issuer.name,
      },
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)

    const right = 545
    doc.font('Helvetica-Bold').fontSize(10).text(invoice.issuer.name, 50, 50, { width: 280 })
    doc
      .font('Helvetica')
      .text(invoice.issuer.address, { width: 280 })
      .text(`Org.nr ${invoice.issuer.orgNumber}`)
    if (company) doc.text(`Momsreg.nr ${invoice.issuer.vatNumber || 'saknas'}`)

    doc
      .font('Helvetica-Bold')
      .fontSize(18)
      .text(title, 340, 50, {
        width: right - 340,
        align: 'right',
      })
    doc.font('Helvetica').fontSize(10)
    const facts: [string, string][] = [
      ['Fakturanummer', invoice.number],
      ['Fakturadatum', invoice.issueDate],
      ['Förfallodatum', invoice.dueDate],
      ['Period', formatMonth(invoice.period)],
      ...(company ? ([['Leveransperiod', periodDates(invoice.period)]] as [string, string][]) : []),
    ]
    let y = 80
    for (const [label, value] of facts) {
      doc
        .text(label, 340, y, { width: 100 })
        .text(value, 440, y, { width: right - 440, align: 'right' })
      y += 15
    }

    doc.font('Helvetica-Bold').text(company ? 'Köpare' : 'Mottagare', 50, 150)
    doc.font('Helvetica').text(`${invoice.recipient.name} (${invoice.recipient.code})`)
    if (company) {
      const { postalStreet, postalCode, postalTown, orgNumber, invoiceEmail } = invoice.recipient
      if (postalStreet) doc.text(postalStreet)
      if (postalCode || postalTown) doc.text(`${postalCode ?? ''} ${postalTown ?? ''}`.trim())
      if (!postalStreet && !postalCode && !postalTown) doc.text('Adress: saknas')
      doc.text(`Org.nr ${orgNumber || 'saknas'}`)
      if (invoiceEmail) doc.text(`E-post: ${invoiceEmail}`)
    } else {
      doc.text(`Ansvar: ${invoice.recipient.costCentre || '–'}`)
    }
    doc.text(`Er referens: ${invoice.recipient.reference || '–'}`)

    if (invoice.replaces) {
      doc
        .moveDown()
        .font('Helvetica-Bold')
        .text(`Ersätter faktura ${invoice.replaces} (krediterad)`)
      doc.font('Helvetica')
    }
    if (invoice.credits) {
      doc.moveDown().font('Helvetica-Bold').text(`Krediterar faktura ${invoice.credits.number}`)
      doc.font('Helvetica').text(`Orsak: ${invoice.credits.reason}`)
    }

    y = Math.max(doc.y + 25, 240)
    doc.font('Helvetica-Bold')
    doc
      .text('Kostnadspost', 50, y, { width: 170 })
      .text('Underlag', 220, y, { width: 220 })
      .text('Belopp', 440, y, { width: right - 440, align: 'right' })
    doc
      .moveTo(50, y + 14)
      .lineTo(right, y + 14)
      .stroke()
    y += 22
    doc.font('Helvetica')
    for (const line of invoice.lines) {
      if (y > 720) {
        doc.addPage()
        y = 50
      }
      doc
        .text(line.description, 50, y, { width: 165 })
        .text(line.basisText, 220, y, { width: 215 })
        .text(formatOre(line.amountOre), 440, y, { width: right - 440, align: 'right' })
      y = Math.max(doc.y, y + 15) + 4
    }
    doc.moveTo(340, y).lineTo(right, y).stroke()
    y += 8
    const totals: [string, bigint, boolean][] = [
      [company ? 'Belopp exkl. moms (beskattningsunderlag)' : 'Netto', invoice.netOre, false],
      [`Moms ${invoice.vatRatePercent} %`, invoice.vatOre, false],
      ['Att betala', invoice.totalOre, true],
    ]
    for (const [label, amount, bold] of totals) {
      doc
        .font(bold ? 'Helvetica-Bold' : 'Helvetica')
        .text(label, 220, y, { width: 215, align: 'right' })
        .text(formatOre(amount), 440, y, { width: right - 440, align: 'right' })
      y += 16
    }
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(invoice.paymentText, 50, y + 20, { width: right - 50 })
    if (invoice.vatOre === 0n && invoice.recipient.kind === 'forvaltning') {
      doc.text('Ingen moms: internfakturering inom samma juridiska person (kommunen).', {
        width: right - 50,
      })
    }

    const pages = doc.bufferedPageRange()
    for (let i = 0; i < pages.count; i++) {
      doc.switchToPage(i)
      // below the bottom margin: without this pdfkit would start a new (blank) page
      doc.page.margins.bottom = 0
      doc.fontSize(8).text(`Sida ${i + 1} av ${pages.count}`, 50, 800, {
        width: right - 50,
        align: 'center',
        lineBreak: false,
      })
    }
    doc.end()
  })
}
