/**
 * The tertial and annual report as PDF for the board (pdfkit, built-in Helvetica; the
 * texts say "minst"/"högst" since Helvetica has no ≥/≤, and formatting writes a
 * hyphen-minus). The same figures as the page (app/queries/reports/tertial_report.ts).
 */
import PDFDocument from 'pdfkit'
import type { I18n } from '@adonisjs/i18n'
import {
  formatBasisPoints,
  formatDateTime,
  formatInteger,
  formatMonth,
  formatOre,
  formatPercent,
} from '#domain/formatting'
import { clock } from '#services/clock'
import { label } from '#services/labels'
import { renderMessage } from '#domain/coded_message'
import type { TertialReport } from '#queries/reports/tertial_report'

type Doc = InstanceType<typeof PDFDocument>
type Translator = Pick<I18n, 't' | 'hasMessage' | 'hasFallbackMessage' | 'locale'>

function row(doc: Doc, cells: string[], widths: number[], bold = false) {
  if (doc.y > 760) doc.addPage()
  const y = doc.y
  let x = 50
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9)
  cells.forEach((cell, index) => {
    doc.text(cell, x, y, { width: widths[index] - 6, align: index === 0 ? 'left' : 'right' })
    x += widths[index]
  })
  doc.y = y + 14
}

function heading(doc: Doc, text: string) {
  if (doc.y > 720) doc.addPage()
  doc.moveDown().font('Helvetica-Bold').fontSize(12).text(text, 50).font('Helvetica').fontSize(9)
  doc.moveDown(0.3)
}

export function renderTertialReportPdf(report: TertialReport, i18n: Translator): Promise<Buffer> {
  const t = (key: string, data?: Record<string, unknown>) => i18n.t(`reports.${key}`, data)
  const title = t(report.tertial === 3 ? 'annualHeading' : 'tertialHeading', {
    year: report.year,
    tertial: report.tertial,
  })
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
  const q = report.quality.figures
  const b = report.qualityBefore.figures
  const targets = report.quality.targets
  const met = (value: boolean | null) => (value === null ? '–' : value ? t('met') : t('notMet'))
  doc.font('Helvetica-Bold').fontSize(18).text(title)
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(
      t('periodLine', {
        from: report.range.from,
        to: report.range.to,
        previousFrom: report.previous.from,
        previousTo: report.previous.to,
      })
    )
    .text(t('generated', { at: formatDateTime(clock.now()) }))

  heading(doc, t('indicatorsTitle'))
  const w4 = [200, 95, 95, 105]
  row(doc, [t('indicator'), t('outcome'), t('target'), t('result')], w4, true)
  row(
    doc,
    [
      t('serviceLevel', { seconds: targets.targetSeconds }),
      formatPercent(q.serviceLevel),
      t('atLeast', { value: formatPercent(targets.serviceLevelTarget) }),
      met(q.serviceLevelMet),
    ],
    w4
  )
  row(
    doc,
    [
      t('abandonRate'),
      formatPercent(q.abandonRate),
      t('atMost', { value: formatPercent(targets.abandonRateTarget) }),
      met(q.abandonRateMet),
    ],
    w4
  )
  const s = report.satisfaction
  row(
    doc,
    [
      t('satisfaction'),
      s ? formatPercent(s.share) : '–',
      s ? t('atLeast', { value: formatPercent(s.target) }) : '–',
      s ? met(s.met) : t('notMeasured'),
    ],
    w4
  )

  heading(doc, t('callsTitle'))
  row(doc, ['', t('thisPeriod'), t('lastYear')], [200, 150, 150], true)
  const pair = (name: string, now: string, before: string) =>
    row(doc, [name, now, before], [200, 150, 150])
  pair(t('offered'), formatInteger(q.offered), formatInteger(b.offered))
  pair(t('answered'), formatInteger(q.answered), formatInteger(b.answered))
  pair(t('abandoned'), formatInteger(q.abandoned), formatInteger(b.abandoned))
  pair(t('callCost'), formatOre(report.quality.costOre), formatOre(report.qualityBefore.costOre))
  pair(
    t('costPerAnswered'),
    report.quality.costPerAnsweredOre === null ? '–' : formatOre(report.quality.costPerAnsweredOre),
    report.qualityBefore.costPerAnsweredOre === null
      ? '–'
      : formatOre(report.qualityBefore.costPerAnsweredOre)
  )

  heading(doc, t('monthsTitle'))
  const w5 = [120, 95, 95, 95, 95]
  row(
    doc,
    [t('month'), t('offered'), t('answered'), t('serviceLevelShort'), t('callCost')],
    w5,
    true
  )
  for (const month of report.quality.months) {
    row(
      doc,
      [
        formatMonth(month.period, i18n.locale),
        formatInteger(month.figures.offered),
        formatInteger(month.figures.answered),
        formatPercent(month.figures.serviceLevel),
        formatOre(month.costOre),
      ],
      w5
    )
  }
  row(
    doc,
    [
      t('total'),
      formatInteger(q.offered),
      formatInteger(q.answered),
      formatPercent(q.serviceLevel),
      formatOre(report.quality.costOre),
    ],
    w5,
    true
  )

  heading(doc, t('budgetTitle'))
  if (report.budget) {
    const section = report.budget
    const monthName = formatMonth(
      `${report.year}-${String(section.lastMonth).padStart(2, '0')}`
    ).split(' ')[0]
    doc.text(
      t('budgetLead', {
        month: monthName,
        closed: section.total.closedMonths,
        months: section.lastMonth,
      }),
      50
    )
    doc.moveDown(0.3)
    const w7 = [75, 70, 70, 70, 70, 70, 70]
    row(
      doc,
      [
        t('pool'),
        t('budgetPeriod', { month: monthName }),
        t('actualPeriod', { month: monthName }),
        t('forecast'),
        t('forecastT2'),
        t('actualYear'),
        t('accuracy'),
      ],
      w7,
      true
    )
    for (const line of [
      ...section.pools.map((p) => ({ ...p, label: p.code })),
      { ...section.total, label: t('allPools') },
    ])
      row(
        doc,
        [
          line.label,
          formatOre(line.budgetOre),
          formatOre(line.actualOre),
          formatOre(line.forecastOre),
          line.forecastT2Ore === null ? '–' : formatOre(line.forecastT2Ore),
          line.actualYearOre === null ? '–' : formatOre(line.actualYearOre),
          line.accuracy
            ? `${formatBasisPoints(line.accuracy.deviationBp)} ${line.accuracy.withinTarget ? t('met') : t('notMet')}`
            : '–',
        ],
        w7
      )
    doc.moveDown(0.3)
    doc.text(t('accuracyTarget'), 50)
    // where each T2 forecast comes from: frozen at the locking of August, or computed afterwards
    for (const line of [
      ...section.pools.map((p) => ({ ...p, label: p.code })),
      { ...section.total, label: t('allPools') },
    ])
      if (line.forecastT2)
        doc.text(
          t('t2SourceLine', {
            pool: line.label,
            source: renderMessage(
              line.forecastT2.label,
              (key, data) => i18n.t(key, data),
              i18n.locale
            ),
          }),
          50
        )
    for (const pool of section.pools)
      doc.text(
        t('methodLine', {
          pool: pool.code,
          method: i18n.t(`budget.methods.${pool.methodUsed}`),
        }),
        50
      )
  } else doc.text(t('budgetMissing'), 50)

  heading(doc, t('deviationsTitle'))
  row(doc, [t('type'), t('thisPeriod'), t('lastYear')], [200, 150, 150], true)
  for (const deviation of report.deviations)
    pair(
      label('deviationType', deviation.type, i18n),
      formatInteger(deviation.count),
      formatInteger(deviation.countLastYear)
    )
  if (report.deviations.length === 0) doc.text(t('noDeviations'), 50)
  heading(doc, t('feedbackTitle'))
  if (report.feedback)
    for (const type of report.feedback.types)
      pair(
        i18n.t(`feedback.types.${type.type}`),
        formatInteger(type.count),
        formatInteger(type.countLastYear)
      )
  else doc.text(t('feedbackMissing'), 50)

  heading(doc, t('organisationsTitle', { count: report.organisations.length }))
  for (const organisation of report.organisations)
    doc.text(
      `${organisation.code} ${organisation.name} (${t('connectedFrom', { day: organisation.connectedFrom })})${organisation.joinedInPeriod ? ' – ' + t('joined') : ''}`,
      50
    )

  const pages = doc.bufferedPageRange()
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(i)
    doc.page.margins.bottom = 0
    doc
      .fontSize(8)
      .font('Helvetica')
      .text(`Växelnavet · ${title} · ${i + 1}/${pages.count}`, 50, 800, {
        width: 495,
        align: 'center',
        lineBreak: false,
      })
  }
  doc.end()
  return done
}
