/**
 * supplier invoice — `Fakturanummer;Fakturadatum;Period;Artikel;Benämning;Antal;Enhet;Pris;Belopp`
 *
 * One invoice per file. Every line's Belopp must equal Antal × Pris within 0,01 kr. The
 * same invoice number again with the same content is a no-op; with other content it is
 * refused (a correction comes as a credit invoice with its own number).
 */
import { createHash } from 'node:crypto'
import { lineError, rowError, type CsvRecord, type ImportMessage } from '#services/csv_reader'
import {
  formatScaled,
  parseDate,
  parseMonth,
  parseOre,
  parseScaled,
  parseText,
} from '#domain/swedish_csv'
import { formatOre } from '#domain/formatting'
import { latePeriodsFor } from '#queries/month_end/staleness'
import { runCsvImport, type CsvImporter, type ImportRequest } from '#actions/imports/run_csv_import'
import { coded } from '#domain/coded_message'
import { message } from '#services/messages'

/** the reader's columns (also how the drop folder and the import API know the file) */
export const columns = [
  { key: 'invoiceNumber', header: 'Fakturanummer' },
  { key: 'invoiceDate', header: 'Fakturadatum' },
  { key: 'period', header: 'Period' },
  { key: 'article', header: 'Artikel' },
  { key: 'description', header: 'Benämning' },
  { key: 'quantity', header: 'Antal' },
  { key: 'unit', header: 'Enhet' },
  { key: 'price', header: 'Pris' },
  { key: 'amount', header: 'Belopp' },
] as const

type Key = (typeof columns)[number]['key']
interface Row {
  line: number
  invoiceNumber: string
  invoiceDate: string
  period: string
  article: string
  description: string
  quantity: bigint
  unit: string
  price: bigint
  amountOre: bigint
}

/** 0,01 kr expressed at scale 8 (quantity × price both have 4 decimals). */
const TOLERANCE = 1_000_000n

function supplierInvoiceImporter(): CsvImporter<Key, Row> {
  let first: Row | null = null
  return {
    type: 'supplier_invoice',
    label: 'Leverantörsfaktura',
    columns,
    parseRow({ line, values }: CsvRecord<Key>) {
      const errors: ImportMessage[] = []
      const field = <T>(
        key: Key,
        header: string,
        result: { ok: true; value: T } | { ok: false; message: string }
      ) => {
        if (result.ok) return result.value
        errors.push(rowError(line, header, values[key], result.message))
        return undefined
      }
      const invoiceNumber = field(
        'invoiceNumber',
        'Fakturanummer',
        parseText(values.invoiceNumber, { max: 50, required: true })
      )
      const invoiceDate = field('invoiceDate', 'Fakturadatum', parseDate(values.invoiceDate))
      const period = field('period', 'Period', parseMonth(values.period))
      const article = field(
        'article',
        'Artikel',
        parseText(values.article, { max: 50, required: true })
      )
      const description = field(
        'description',
        'Benämning',
        parseText(values.description, { max: 200 })
      )
      const quantity = field('quantity', 'Antal', parseScaled(values.quantity, 4))
      const unit = field('unit', 'Enhet', parseText(values.unit, { max: 20 }))
      const price = field('price', 'Pris', parseScaled(values.price, 4))
      const amountOre = field('amount', 'Belopp', parseOre(values.amount))
      if (quantity !== undefined && price !== undefined && amountOre !== undefined) {
        const product = quantity * price
        const difference = amountOre * 1_000_000n - product
        if (difference > TOLERANCE || difference < -TOLERANCE) {
          const expectedOre = (product + (product >= 0n ? 500_000n : -500_000n)) / 1_000_000n
          errors.push(
            rowError(
              line,
              'Belopp',
              values.amount,
              `stämmer inte med Antal × Pris (${formatScaled(quantity, 4)} × ${formatScaled(price, 4)} = ${formatOre(expectedOre)})`
            )
          )
        }
      }
      if (first && invoiceNumber && invoiceNumber !== first.invoiceNumber) {
        errors.push(
          lineError(
            line,
            'Fakturanummer',
            `Fakturanummer "${invoiceNumber}" skiljer sig från rad ${first.line} ("${first.invoiceNumber}") – en fil ska innehålla en enda faktura`
          )
        )
      }
      if (first && invoiceDate && invoiceDate !== first.invoiceDate) {
        errors.push(
          lineError(
            line,
            'Fakturadatum',
            `Fakturadatum ${invoiceDate} skiljer sig från rad ${first.line} (${first.invoiceDate})`
          )
        )
      }
      if (first && period && period !== first.period) {
        errors.push(
          lineError(
            line,
            'Period',
            `Period ${period} skiljer sig från rad ${first.line} (${first.period})`
          )
        )
      }
      if (errors.length > 0) return { errors }
      const row: Row = {
        line,
        invoiceNumber: invoiceNumber!,
        invoiceDate: invoiceDate!,
        period: period!,
        article: article!,
        description: description!,
        quantity: quantity!,
        unit: unit!,
        price: price!,
        amountOre: amountOre!,
      }
      first ??= row
      return { errors, row }
    },
    async store(rows, trx) {
      const head = rows[0]
      const contentHash = createHash('sha256')
        .update(
          JSON.stringify(
            rows.map((r) => [
              r.invoiceNumber,
              r.invoiceDate,
              r.period,
              r.article,
              r.description,
              String(r.quantity),
              r.unit,
              String(r.price),
              String(r.amountOre),
            ])
          )
        )
        .digest('hex')
      const existing = await trx
        .from('supplier_invoices')
        .where('invoice_number', head.invoiceNumber)
        .forUpdate()
        .first()
      if (existing) {
        if (existing.content_hash === contentHash) {
          return {
            stored: 0,
            duplicates: rows.length,
            warnings: [coded('supplierInvoices.import.unchanged', { number: head.invoiceNumber })],
          }
        }
        return {
          stored: 0,
          duplicates: 0,
          errors: [
            {
              line: null,
              column: 'Fakturanummer',
              // a file error: stored and reported in Swedish like every row error (FORMATS.md)
              message: message('supplierInvoices.import.changed', {
                number: head.invoiceNumber,
                importId: existing.import_id,
              }),
            },
          ],
        }
      }
      const netOre = rows.reduce((sum, row) => sum + row.amountOre, 0n)
      const [invoice] = await trx
        .table('supplier_invoices')
        .insert({
          invoice_number: head.invoiceNumber,
          invoice_date: head.invoiceDate,
          period: head.period,
          net_ore: String(netOre),
          content_hash: contentHash,
        })
        .returning('id')
      await trx.table('supplier_invoice_lines').multiInsert(
        rows.map((row, index) => ({
          supplier_invoice_id: invoice.id,
          line_number: index + 1,
          article: row.article,
          description: row.description,
          quantity: formatScaled(row.quantity, 4),
          unit: row.unit,
          price: formatScaled(row.price, 4),
          amount_ore: String(row.amountOre),
        }))
      )
      return {
        stored: rows.length,
        duplicates: 0,
        warnings: [
          coded('supplierInvoices.import.net', {
            number: head.invoiceNumber,
            period: head.period,
            net: formatOre(netOre),
          }),
        ],
        latePeriods: await latePeriodsFor(trx, { periods: [head.period] }),
        afterImport: async (importId) => {
          await trx
            .from('supplier_invoices')
            .where('id', invoice.id)
            .update({ import_id: importId })
        },
      }
    },
  }
}

export function importSupplierInvoice(request: ImportRequest) {
  return runCsvImport(supplierInvoiceImporter(), request)
}
