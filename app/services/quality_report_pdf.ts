/**
 * The monthly PDF reports of supplier quality (pdfkit, built-in Helvetica): the supplier
 * follow-up for the meeting with the supplier, and one per organisation for its telephony
 * contacts. Numbers come formatted from app/domain/formatting (safe in Helvetica, which
 * has no ≥/≤: the texts say "minst"/"högst").
 */
import PDFDocument from 'pdfkit'
import { message } from '#services/messages'
import {
  formatDateTime,
  formatInteger,
  formatMonth,
  formatOre,
  formatPercent,
  formatSeconds,
} from '#domain/formatting'
import { label } from '#services/labels'
import { clock } from '#services/clock'
import type { QualityFigures, QualityTargets } from '#domain/service_level'

type Doc = InstanceType<typeof PDFDocument>

function newDocument(title: string) {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    info: { Title: title, Author: 'Växelnavet' },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  return { doc, done }
}

function finish(doc: Doc) {
  const pages = doc.bufferedPageRange()
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(i)
    doc.page.margins.bottom = 0 // the footer sits below the margin; no new page
    doc
      .fontSize(8)
      .font('Helvetica')
      .text(`Växelnavet · sida ${i + 1} av ${pages.count}`, 50, 800, {
        width: 495,
        align: 'center',
        lineBreak: false,
      })
  }
  doc.end()
}

function heading(doc: Doc, text: string) {
  doc.moveDown().font('Helvetica-Bold').fontSize(12).text(text, 50).font('Helvetica').fontSize(10)
}

function row(doc: Doc, cells: string[], widths: number[], bold = false) {
  const y = doc.y
  let x = 50
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica')
  cells.forEach((cell, index) => {
    doc.text(cell, x, y, { width: widths[index] - 6, align: index === 0 ? 'left' : 'right' })
    x += widths[index]
  })
  doc.y = y + 15
}

export interface SupplierReport {
  period: string
  source: string
  figures: QualityFigures
  targets: QualityTargets
  days: ({ day: string } & QualityFigures)[]
  heatmap: { hours: string[]; weekdays: { weekday: number; cells: (QualityFigures | null)[] }[] }
  deviations: { type: string; status: string; organisation: string; count: number }[]
  reconciliation: {
    invoicedQuantity: number
    answered: number
    invoicedAmountOre: bigint
    callsCostOre: bigint
    amountCheckable: boolean
    flagged: boolean
    explanation: string | null
    hasInvoice: boolean
  }
  credit: { proposed_ore: string; status: string; points: number; comment: string } | null
}

const WEEKDAYS = ['mån', 'tis', 'ons', 'tor', 'fre', 'lör', 'sön']
const met = (value: boolean | null) => (value === null ? '–' : value ? 'uppfyllt' : 'ej uppfyllt')

export function renderSupplierReport(report: SupplierReport): Promise<Buffer> {
  const { doc, done } = newDocument(`Leverantörsuppföljning ${report.period}`)
  const f = report.figures
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(`Uppföljning av telefonisttjänsten – ${formatMonth(report.period)}`)
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(
      `Underlag till mötet med leverantören. Källa: ${report.source === 'statistics' ? 'leverantörens statistik' : 'leverantörens samtalsposter'}.`
    )
    .text(`Skapad ${formatDateTime(clock.now())}.`)

  heading(doc, 'Nyckeltal mot avtalets mål')
  const widths = [200, 95, 95, 105]
  row(doc, ['Mått', 'Utfall', 'Mål', 'Resultat'], widths, true)
  row(
    doc,
    [
      `Svarsandel inom ${report.targets.targetSeconds} s`,
      formatPercent(f.serviceLevel),
      `minst ${formatPercent(report.targets.serviceLevelTarget)}`,
      met(f.serviceLevelMet),
    ],
    widths
  )
  row(
    doc,
    [
      'Andel avbrutna',
      formatPercent(f.abandonRate),
      `högst ${formatPercent(report.targets.abandonRateTarget)}`,
      met(f.abandonRateMet),
    ],
    widths
  )
  row(doc, ['Erbjudna samtal', formatInteger(f.offered), '', ''], widths)
  row(
    doc,
    [
      'Besvarade / inom mål',
      `${formatInteger(f.answered)} / ${formatInteger(f.answeredWithinTarget)}`,
      '',
      '',
    ],
    widths
  )
  row(
    doc,
    [
      `Korta avbrott (< ${report.targets.shortAbandonSeconds} s, räknas inte)`,
      formatInteger(f.shortAbandons),
      '',
      '',
    ],
    widths
  )
  row(doc, ['Medelväntetid (ASA)', formatSeconds(f.asaSeconds), '', ''], widths)
  row(doc, ['Medelsamtalstid (AHT)', formatSeconds(f.ahtSeconds), '', ''], widths)
  row(doc, ['Andel kopplade', formatPercent(f.transferRate), '', ''], widths)

  heading(doc, 'Svarsandel per dag')
  const chartTop = doc.y + 5
  const chartHeight = 110
  const barWidth = Math.max(4, Math.floor(495 / Math.max(report.days.length, 1)) - 3)
  doc.rect(50, chartTop, 495, chartHeight).stroke('#999999')
  const targetY = chartTop + chartHeight * (1 - report.targets.serviceLevelTarget)
  doc.moveTo(50, targetY).lineTo(545, targetY).dash(3, { space: 3 }).stroke('#a4161a').undash()
  // the axes' labels: the share at the left, the day of the month under the bars
  doc.fillColor('black').fontSize(7)
  for (const share of [0, 0.5, 1])
    doc.text(`${share * 100} %`, 14, chartTop + chartHeight * (1 - share) - 3, {
      width: 32,
      align: 'right',
      lineBreak: false,
    })
  report.days.forEach((day, index) => {
    if (index === 0 || (index + 1) % 5 === 0 || index === report.days.length - 1)
      doc.text(
        String(Number(day.day.slice(8))),
        52 + index * (barWidth + 3) - 4,
        chartTop + chartHeight + 2,
        {
          width: barWidth + 8,
          align: 'center',
          lineBreak: false,
        }
      )
  })
  report.days.forEach((day, index) => {
    const height = chartHeight * (day.serviceLevel ?? 0)
    doc
      .rect(52 + index * (barWidth + 3), chartTop + chartHeight - height, barWidth, height)
      .fill(day.serviceLevelMet ? '#1d6b2f' : '#0b4f8a')
  })
  // the axes' titles: the share up the left, the day of the month along the bottom
  doc
    .fillColor('black')
    .fontSize(7)
    .text('Svarsandel', 14, chartTop - 10, { width: 60, lineBreak: false })
    .text('Dag i månaden', 50, chartTop + chartHeight + 11, {
      width: 495,
      align: 'center',
      lineBreak: false,
    })
  doc
    .fontSize(8)
    .text(
      `Streckad linje: målet ${formatPercent(report.targets.serviceLevelTarget)}. Staplar: svarsandelen dag 1–${report.days.length} (grön: målet nått).`,
      50,
      chartTop + chartHeight + 22
    )
  doc.fontSize(10)

  heading(doc, 'Svarsandel veckodag × timme')
  const hours = report.heatmap.hours
  const cellWidth = Math.min(40, Math.floor(455 / Math.max(hours.length, 1)))
  let y = doc.y
  doc.fontSize(7)
  // the axes: the hour of the day along the top, the weekday down the left
  doc.text('Timme', 50, y, { width: 40, lineBreak: false })
  hours.forEach((hour, index) =>
    doc.text(hour, 90 + index * cellWidth, y, { width: cellWidth, align: 'center' })
  )
  y += 10
  for (const weekday of report.heatmap.weekdays) {
    doc.text(WEEKDAYS[weekday.weekday - 1], 50, y + 2, { width: 40 })
    weekday.cells.forEach((cell, index) => {
      const x = 90 + index * cellWidth
      if (cell && cell.serviceLevel !== null) {
        doc
          .rect(x, y, cellWidth - 1, 11)
          .fill(
            cell.serviceLevelMet
              ? '#d7efdc'
              : cell.serviceLevel >= report.targets.serviceLevelTarget - 0.1
                ? '#fff0bf'
                : '#f9d3d3'
          )
        doc
          .fillColor('black')
          .text(formatPercent(cell.serviceLevel).replace(/\u00a0%/, ''), x, y + 2, {
            width: cellWidth - 1,
            align: 'center',
          })
      }
    })
    y += 12
  }
  doc.text(
    `Tal: svarsandel i procent per veckodag och timme. Grön: målet ${formatPercent(report.targets.serviceLevelTarget)} nått; gul: högst 10 procentenheter under; röd: mer än 10 under.`,
    50,
    y + 4,
    { width: 495 }
  )
  doc.fontSize(10)

  doc.addPage()
  heading(doc, 'Avvikelser under månaden')
  if (report.deviations.length === 0) doc.text('Inga avvikelser rapporterades.')
  for (const deviation of report.deviations) {
    row(
      doc,
      [
        `${label('deviationType', deviation.type)} – ${label('deviationStatus', deviation.status)} – ${deviation.organisation}`,
        String(deviation.count),
      ],
      [380, 60]
    )
  }

  heading(doc, 'Avstämning mot leverantörsfakturan')
  if (!report.reconciliation.hasInvoice) doc.text('Ingen leverantörsfaktura är inläst för månaden.')
  else {
    row(doc, ['', 'Fakturerat', 'Samtalsposter'], [200, 120, 120], true)
    row(
      doc,
      [
        'Besvarade samtal',
        formatInteger(report.reconciliation.invoicedQuantity),
        formatInteger(report.reconciliation.answered),
      ],
      [200, 120, 120]
    )
    row(
      doc,
      [
        'Samtalskostnad',
        formatOre(report.reconciliation.invoicedAmountOre),
        report.reconciliation.amountCheckable
          ? formatOre(report.reconciliation.callsCostOre)
          : message('controlLoop.amountNotCheckable'),
      ],
      [200, 120, 120]
    )
    doc.text(
      report.reconciliation.flagged
        ? `Skillnad över toleransen. ${report.reconciliation.explanation ? `Förklaring: ${report.reconciliation.explanation}` : 'Ej förklarad.'}`
        : 'Fakturan stämmer med samtalsposterna.',
      50
    )
  }

  heading(doc, 'Vite (servicekredit)')
  if (!report.credit || report.credit.proposed_ore === '0')
    doc.text('Målen uppfylldes eller underlag saknas: inget vite.')
  else {
    const status = label('serviceCreditStatus', report.credit.status)
    doc.text(
      `${report.credit.points} hela procentenheter under målet: ${formatOre(BigInt(report.credit.proposed_ore))} (${status}).`
    )
    if (report.credit.comment) doc.text(`Kommentar: ${report.credit.comment}`)
  }
  finish(doc)
  return done
}

export interface OrganisationReport {
  period: string
  organisation: { code: string; name: string }
  days: { day: string; own: number; city: number }[]
  deviations: { id: number; type: string; status: string; description: string }[]
  shares: { pool: string; count: number; amountOre: bigint }[]
}

export function renderOrganisationReport(report: OrganisationReport): Promise<Buffer> {
  const { doc, done } = newDocument(`Månadsrapport ${report.organisation.code} ${report.period}`)
  const own = report.days.reduce((sum, day) => sum + day.own, 0)
  const city = report.days.reduce((sum, day) => sum + day.city, 0)
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(`Månadsrapport – ${formatMonth(report.period)}`)
  doc
    .font('Helvetica')
    .fontSize(11)
    .text(`${report.organisation.name} (${report.organisation.code})`)
  doc.fontSize(10).text(`Skapad ${formatDateTime(clock.now())}.`)
  heading(doc, 'Samtal kopplade till er')
  doc.text(
    `${formatInteger(own)} samtal kopplades eller lämnade meddelande hos er, ${formatPercent(city ? own / city : null)} av stadens kopplade samtal.`
  )
  doc.moveDown(0.5)
  row(doc, ['Dag', 'Till er', 'Staden'], [150, 100, 100], true)
  for (const day of report.days)
    row(doc, [day.day, formatInteger(day.own), formatInteger(day.city)], [150, 100, 100])
  heading(doc, 'Era avvikelser')
  if (report.deviations.length === 0) doc.text('Inga avvikelser rapporterades under månaden.')
  for (const deviation of report.deviations)
    doc.text(
      `Nr ${deviation.id} (${label('deviationType', deviation.type)}, ${label('deviationStatus', deviation.status)}): ${deviation.description}`
    )
  heading(doc, 'Er andel av kostnaden')
  if (report.shares.length === 0) doc.text('Månadens kostnadsfördelning är inte beräknad ännu.')
  for (const share of report.shares)
    row(doc, [share.pool, formatInteger(share.count), formatOre(share.amountOre)], [200, 100, 120])
  finish(doc)
  return done
}
