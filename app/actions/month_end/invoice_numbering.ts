/**
 * The parts of issuing shared by an invoice and a credit note: the next number of the
 * year's gapless series (the row lock of `UPDATE … RETURNING` makes concurrent issuers wait,
 * a rollback gives the number back), the PDF rendered once and stored with its checksum
 * under a name of its own, and the refusal when storage cannot be written.
 */
import { coded, type CodedMessage } from '#domain/coded_message'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { invoiceNumber } from '#domain/month_end'
import { printedParties, renderInvoicePdf, type InvoiceDocument } from '#services/pdf_renderer'
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
  await trx.rawQuery('INSERT INTO invoice_series (year) VALUES (?) ON CONFLICT (year) DO NOTHING', [
    year,
  ])
  const result = await trx.rawQuery(
    'UPDATE invoice_series SET last_number = last_number + 1 WHERE year = ? RETURNING last_number',
    [year]
  )
  const sequence = result.rows[0].last_number as number
  return { sequence, number: invoiceNumber(year, sequence) }
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

/** A refusal for storage that could not be written; other failures are thrown on. */
export function storageRefusal(error: unknown, outcomeKey: string): CodedMessage {
  if (!(error instanceof StorageError)) throw error
  return coded('monthEnd.refusals.storage', { reason: error.refusal, outcome: coded(outcomeKey) })
}
