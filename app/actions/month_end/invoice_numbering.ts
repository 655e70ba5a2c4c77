/**
 * The parts of issuing shared by an invoice and a credit note: the next number of the
 * year's gapless series (the row lock of `UPDATE … RETURNING` makes concurrent issuers wait,
 * a rollback gives the number back), the PDF rendered once and stored with its checksum
 * under a name of its own, and the refusal when storage cannot be written.
 */
import { coded, type CodedMessage } from '#domain/coded_message'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { invoiceNumber } from '#domain/month_end'
import { renderInvoicePdf } from '#services/pdf_renderer'
import { printedParties, type InvoiceDocument } from '#domain/invoice_document'
import { StorageError, type StoredFiles } from '#services/stored_file'

/**
 * The sender an invoice or credit note prints, from the settings as they are at issue
 * (frozen with the invoice in `invoices.parties`): name, address, numbers, the contact
 * ("Vår referens", the footer) and the giro accounts of the payment box.
 */
export function issuerFromSettings(settings: Record<string, string>): InvoiceDocument['issuer'] {
  return {
    name: settings.issuer_name,
    address: settings.issuer_address,
    orgNumber: settings.issuer_org_number,
    vatNumber: settings.issuer_vat_number,
    contactName: settings.issuer_contact_name || undefined,
    contactPhone: settings.issuer_contact_phone || undefined,
    contactEmail: settings.issuer_contact_email || undefined,
    bankgiro: settings.issuer_bankgiro || undefined,
  }
}

/** Take the next number of the year's series (locks the series row until commit). */
export async function nextInvoiceNumber(trx: TransactionClientContract, year: number) {
  const [next] = await takeInvoiceNumbers(trx, year, 1)
  return next
}

/**
 * Take the next `count` numbers of the year's series at once, in order: one statement for
 * a month's invoices. The row lock holds them until commit; a rollback gives all back.
 */
export async function takeInvoiceNumbers(
  trx: TransactionClientContract,
  year: number,
  count: number
) {
  await trx.rawQuery('INSERT INTO invoice_series (year) VALUES (?) ON CONFLICT (year) DO NOTHING', [
    year,
  ])
  const result = await trx.rawQuery(
    'UPDATE invoice_series SET last_number = last_number + ? WHERE year = ? RETURNING last_number',
    [count, year]
  )
  const last = result.rows[0].last_number as number
  return Array.from({ length: count }, (_, index) => {
    const sequence = last - count + 1 + index
    return { sequence, number: invoiceNumber(year, sequence) }
  })
}

/**
 * Render, store under storage/invoices/YYYY and attach the PDF of an issued invoice, with
 * the parties it prints (`invoices.parties`): the one stored copy the e-invoice and the
 * delivery read, whatever the register and settings say later (ADR 0025).
 */
export async function storeInvoicePdf(
  trx: TransactionClientContract,
  files: StoredFiles,
  invoiceId: number,
  document: InvoiceDocument
) {
  const pdf = await renderInvoicePdf(document)
  const stored = await files.write(
    `invoices/${document.number.slice(0, 4)}`,
    document.number,
    'pdf',
    pdf
  )
  await trx
    .from('invoices')
    .where('id', invoiceId)
    .update({
      pdf_path: stored.path,
      pdf_sha256: stored.sha256,
      parties: JSON.stringify(printedParties(document)),
    })
  return stored.path
}

/**
 * Render and store the PDFs of several invoices of one year: each is written while the next
 * renders (the disk works while the CPU draws). Returns each document's stored path and
 * checksum, in order, for the caller to record with its invoice row.
 */
export async function storeInvoicePdfs(files: StoredFiles, documents: InvoiceDocument[]) {
  const folders = new Set(documents.map((document) => document.number.slice(0, 4)))
  if (folders.size > 1) throw new Error('storeInvoicePdfs: one year at a time')
  async function* rendered() {
    for (const document of documents)
      yield { name: document.number, content: await renderInvoicePdf(document) }
  }
  return files.writeMany(`invoices/${[...folders][0]}`, 'pdf', rendered())
}

/** A refusal for storage that could not be written; other failures are thrown on. */
export function storageRefusal(error: unknown, outcomeKey: string): CodedMessage {
  if (!(error instanceof StorageError)) throw error
  return coded('monthEnd.refusals.storage', { reason: error.refusal, outcome: coded(outcomeKey) })
}
