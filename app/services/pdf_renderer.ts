/**
 * Invoice PDFs (pdfkit, built-in Helvetica), laid out like a Swedish invoice (issue 15
 * point 6): the sender and the document's facts at the top ("Vår referens", "Er
 * referens"), the recipient where a window envelope shows it, the lines with their exact
 * basis, the totals, a payment box (bankgiro and OCR number for a company, internal
 * settlement for an administration — "Belopp att avräkna", never "Att betala") and a footer
 * with the sender's contact on every page. Amounts come pre-formatted in Swedish with an
 * ASCII hyphen and no-break spaces, which Helvetica prints correctly (U+2212 and U+202F
 * would not). Rendered once at issue and stored with a checksum.
 */
import PDFDocument from 'pdfkit'
import { formatMonth, formatOre } from '#domain/formatting'
import {
  amountDueLabel,
  documentTitle,
  paymentFields,
  periodDates,
  type InvoiceDocument,
} from '#domain/invoice_document'

const INK = '#1a1a1a'
const MUTED = '#555555'
const RULE = '#b5b5b5'
const SHADE = '#eef2f6'
const LEFT = 50
const RIGHT = 545
const WIDTH = RIGHT - LEFT
const BASIS_X = 218
const BASIS_WIDTH = 240
const AMOUNT_X = 458
const AMOUNT_WIDTH = RIGHT - AMOUNT_X - 6
/** Content stops here; the footer with the sender's contact sits below. */
const CONTENT_BOTTOM = 740

/** A text cut to one line of `width` (with an ellipsis), in the document's current font. */
function fitted(doc: InstanceType<typeof PDFDocument>, text: string, width: number) {
  if (doc.widthOfString(text) <= width) return text
  let cut = text
  while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1)
  return `${cut.trimEnd()}…`
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
    doc.fillColor(INK).strokeColor(RULE).lineWidth(0.7)

    // the sender, top left; the title and the document's facts, top right
    doc.font('Helvetica-Bold').fontSize(12).text(invoice.issuer.name, LEFT, 50, { width: 270 })
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(invoice.issuer.address, { width: 270 })
    doc.fillColor(INK)
    doc
      .font('Helvetica-Bold')
      .fontSize(20)
      .text(title, 330, 46, { width: RIGHT - 330, align: 'right' })
    const facts: [string, string][] = [
      ['Fakturanummer', invoice.number],
      ['Fakturadatum', invoice.issueDate],
      ...(invoice.kind === 'credit'
        ? []
        : ([['Förfallodatum', invoice.dueDate]] as [string, string][])),
      ['Kundnummer', invoice.recipient.code],
      ['Period', formatMonth(invoice.period)],
      ...(company ? ([['Leveransperiod', periodDates(invoice.period)]] as [string, string][]) : []),
      ['Vår referens', invoice.issuer.contactName || '–'],
      ['Er referens', invoice.recipient.reference || '–'],
    ]
    let y = 78
    doc.fontSize(9)
    for (const [label, value] of facts) {
      doc.font('Helvetica').fillColor(MUTED).text(label, 330, y, { width: 85, lineBreak: false })
      doc
        .font('Helvetica-Bold')
        .fillColor(INK)
        .text(value, 415, y, { width: RIGHT - 415, align: 'right' })
      y = Math.max(doc.y, y + 12) + 1
    }
    const factsBottom = y

    // the recipient, where a window envelope shows it
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(company ? 'KÖPARE' : 'FAKTURAMOTTAGARE', LEFT, 140, { characterSpacing: 0.5 })
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(10).text(invoice.recipient.name, {
      width: 260,
    })
    doc.font('Helvetica').fontSize(9)
    if (company) {
      const { postalStreet, postalCode, postalTown, orgNumber, invoiceEmail } = invoice.recipient
      if (postalStreet) doc.text(postalStreet, { width: 260 })
      if (postalCode || postalTown) doc.text(`${postalCode ?? ''} ${postalTown ?? ''}`.trim())
      if (!postalStreet && !postalCode && !postalTown) doc.text('Adress: saknas')
      doc.text(`Org.nr ${orgNumber || 'saknas'}`)
      if (invoiceEmail) doc.text(`E-post: ${invoiceEmail}`)
    } else {
      doc.text(`Ansvar: ${invoice.recipient.costCentre || '–'}`)
    }

    if (invoice.replaces) {
      doc
        .moveDown(0.6)
        .font('Helvetica-Bold')
        .text(`Ersätter faktura ${invoice.replaces} (krediterad)`, { width: 260 })
      doc.font('Helvetica')
    }
    if (invoice.credits) {
      doc
        .moveDown(0.6)
        .font('Helvetica-Bold')
        .text(`Krediterar faktura ${invoice.credits.number}`, { width: 260 })
      doc.font('Helvetica').text(`Orsak: ${invoice.credits.reason}`, { width: 260 })
    }

    // the lines: what, its exact basis, the amount
    y = Math.max(doc.y + 24, factsBottom + 16, 250)
    const tableHeader = () => {
      doc.rect(LEFT, y - 4, WIDTH, 18).fill(SHADE)
      doc.fillColor(INK).font('Helvetica-Bold').fontSize(9)
      doc
        .text('Beskrivning', LEFT + 6, y + 1, { width: 160, lineBreak: false })
        .text('Underlag', BASIS_X, y + 1, { width: BASIS_WIDTH, lineBreak: false })
        .text('Belopp', AMOUNT_X, y + 1, { width: AMOUNT_WIDTH, align: 'right', lineBreak: false })
      y += 22
      doc.font('Helvetica').fontSize(9)
    }
    tableHeader()
    for (const line of invoice.lines) {
      const height = Math.max(
        doc.heightOfString(line.description, { width: 160 }),
        doc.heightOfString(line.basisText, { width: BASIS_WIDTH })
      )
      if (y + height > CONTENT_BOTTOM) {
        doc.addPage()
        y = 60
        tableHeader()
      }
      doc
        .fillColor(INK)
        .text(line.description, LEFT + 6, y, { width: 160 })
        .fillColor(MUTED)
        .text(line.basisText, BASIS_X, y, { width: BASIS_WIDTH })
        .fillColor(INK)
        .text(formatOre(line.amountOre), AMOUNT_X, y, { width: AMOUNT_WIDTH, align: 'right' })
      y += height + 5
      doc
        .moveTo(LEFT, y - 2)
        .lineTo(RIGHT, y - 2)
        .stroke(RULE)
      y += 3
    }

    // totals, then the payment box, kept together on one page
    const totals: [string, bigint][] = company
      ? [
          ['Belopp exkl. moms (beskattningsunderlag)', invoice.netOre],
          [`Moms ${invoice.vatRatePercent} %`, invoice.vatOre],
        ]
      : [['Summa', invoice.netOre]]
    if (y + totals.length * 14 + 150 > CONTENT_BOTTOM) {
      doc.addPage()
      y = 60
    }
    y += 4
    for (const [label, amount] of totals) {
      doc
        .font('Helvetica')
        .fontSize(9)
        .fillColor(INK)
        .text(label, BASIS_X, y, { width: BASIS_WIDTH - 10, align: 'right', lineBreak: false })
        .text(formatOre(amount), AMOUNT_X, y, { width: AMOUNT_WIDTH, align: 'right' })
      y += 14
    }
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(amountDueLabel(invoice), BASIS_X, y + 2, {
        width: BASIS_WIDTH - 10,
        align: 'right',
        lineBreak: false,
      })
      .text(formatOre(invoice.totalOre), AMOUNT_X - 20, y + 2, {
        width: AMOUNT_WIDTH + 20,
        align: 'right',
        lineBreak: false,
      })
    y += 28

    const fields = paymentFields(invoice)
    const boxHeight = 46
    doc.roundedRect(LEFT, y, WIDTH, boxHeight, 4).fillAndStroke(SHADE, '#7d8fa3')
    const columnWidth = WIDTH / fields.length
    fields.forEach(([label, value], index) => {
      const x = LEFT + index * columnWidth + 10
      const last = index === fields.length - 1
      doc
        .fillColor(MUTED)
        .font('Helvetica')
        .fontSize(8)
        .text(label.toUpperCase(), x, y + 9, {
          width: columnWidth - 20,
          characterSpacing: 0.4,
          lineBreak: false,
          align: last ? 'right' : 'left',
        })
      doc
        .fillColor(INK)
        .font('Helvetica-Bold')
        .fontSize(last ? 12 : 10)
        .text(value, x, y + 22, {
          width: columnWidth - 20,
          lineBreak: false,
          align: last ? 'right' : 'left',
        })
    })
    y += boxHeight + 10

    doc.font('Helvetica').fontSize(8.5).fillColor(INK)
    const notes: string[] = []
    if (invoice.kind === 'credit')
      notes.push(
        company
          ? `Kreditfakturan regleras mot faktura ${invoice.credits?.number ?? ''}; betala inte in beloppet.`
          : invoice.paymentText
      )
    else notes.push(invoice.paymentText)
    if (invoice.vatOre === 0n && invoice.recipient.kind === 'forvaltning')
      notes.push('Ingen moms: internfakturering inom samma juridiska person (kommunen).')
    notes.push(
      'Varje rad är er andel av kostnadspostens belopp efter underlaget, till hela öre (största rest: andelarna summerar exakt till postens belopp).'
    )
    for (const note of notes.filter(Boolean)) {
      doc.text(note, LEFT, y, { width: WIDTH })
      y = doc.y + 2
    }

    // the footer on every page: who sends it, how to reach them, where to pay
    const issuer = invoice.issuer
    const footer: string[][] = [
      [issuer.name, issuer.address],
      [
        `Org.nr ${issuer.orgNumber}`,
        ...(company ? [`Momsreg.nr ${issuer.vatNumber || 'saknas'}`] : []),
        ...(company && issuer.bankgiro ? [`Bankgiro ${issuer.bankgiro}`] : []),
      ],
      [
        `Kontakt: ${issuer.contactName || '–'}`,
        ...(issuer.contactPhone ? [`Telefon ${issuer.contactPhone}`] : []),
        ...(issuer.contactEmail ? [issuer.contactEmail] : []),
      ],
    ]
    const pages = doc.bufferedPageRange()
    for (let i = 0; i < pages.count; i++) {
      doc.switchToPage(i)
      // below the bottom margin: without this pdfkit would start a new (blank) page
      doc.page.margins.bottom = 0
      doc.moveTo(LEFT, 758).lineTo(RIGHT, 758).stroke(RULE)
      // the sender's name is the longest: its column is the widest
      const widths = [215, 140, 140]
      footer.forEach((column, index) => {
        const x = LEFT + widths.slice(0, index).reduce((sum, w) => sum + w, 0)
        let lineY = 764
        for (const text of column) {
          doc
            .font(index === 0 && lineY === 764 ? 'Helvetica-Bold' : 'Helvetica')
            .fontSize(7.5)
            .fillColor(MUTED)
            .text(fitted(doc, text, widths[index] - 8), x, lineY, {
              width: widths[index] - 8,
              lineBreak: false,
            })
          lineY += 10
        }
      })
      doc
        .font('Helvetica')
        .fontSize(7.5)
        .text(`Sida ${i + 1} av ${pages.count}`, LEFT, 808, {
          width: WIDTH,
          align: 'right',
          lineBreak: false,
        })
    }
    doc.end()
  })
}
