/**
 * Next year's fee preview for one organisation as a PDF (issue 17 point 2): the shares of
 * each pool with the basis and key date, the total, and the change against this year
 * computed the same way. Built-in Helvetica, like the tertial report: formatting writes a
 * hyphen-minus and no-break spaces, which it prints.
 */
import PDFDocument from 'pdfkit'
import type { I18n } from '@adonisjs/i18n'
import { formatInteger, formatOre, formatPermilleChange } from '#domain/formatting'
import type { OrganisationFee, PreviewPool } from '#queries/budget/fee_preview'

type Translator = Pick<I18n, 't'>

export interface FeePreviewDocument {
  year: number
  organisation: OrganisationFee
  pools: PreviewPool[]
  currentOk: boolean
  today: string
}

export function renderFeePreviewPdf(input: FeePreviewDocument, i18n: Translator): Promise<Buffer> {
  const t = (key: string, data?: Record<string, unknown>) => i18n.t(`budget.preview.${key}`, data)
  const { organisation, year } = input
  const title = t('pdfTitle', { year, organisation: `${organisation.code} ${organisation.name}` })
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: title, Author: 'Växelnavet' },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.font('Helvetica-Bold').fontSize(16).text(title)
  doc
    .moveDown(0.5)
    .font('Helvetica')
    .fontSize(10)
    .text(t('pdfNote', { year, today: input.today }))
  doc.moveDown()

  const widths = [170, 110, 60, 70, 85]
  const row = (cells: string[], bold = false) => {
    const y = doc.y
    let x = 50
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9)
    cells.forEach((cell, index) => {
      doc.text(cell, x, y, { width: widths[index] - 6, align: index < 2 ? 'left' : 'right' })
      x += widths[index]
    })
    doc.y = y + 16
  }
  row(
    [i18n.t('budget.pool'), t('basis'), t('count'), i18n.t('budget.budget'), t('next', { year })],
    true
  )
  for (const share of organisation.pools) {
    const pool = input.pools.find((p) => p.code === share.code)
    row([
      pool ? `${pool.code} ${pool.name}` : share.code,
      pool ? `${t(`bases.${pool.basis}`)}, ${t('keyDate', { key: pool.keyDate })}` : '',
      `${formatInteger(share.count)} / ${formatInteger(pool?.total ?? 0)}`,
      pool ? formatOre(pool.budgetOre) : '',
      formatOre(share.amountOre),
    ])
  }
  row([t('total'), '', '', '', formatOre(organisation.nextOre)], true)
  doc.moveDown()
  doc.font('Helvetica').fontSize(10)
  if (input.currentOk && organisation.currentOre !== null) {
    doc.text(`${t('current', { year: year - 1 })}: ${formatOre(organisation.currentOre)}`, 50)
    doc.text(
      t('change_line', {
        year: year - 1,
        change: formatOre(organisation.changeOre ?? 0n),
        percent: formatPermilleChange(organisation.changePermille),
      }),
      50
    )
  } else doc.text(t('noCurrent', { year: year - 1 }), 50)
  doc.end()
  return done
}
