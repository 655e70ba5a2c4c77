/**
 * A credit note for an issued invoice: the same lines negated, a reason, a number from
 * the same gapless series, naming the invoice it credits. The original is never changed.
 */
import { addDays } from '#domain/month_end'
import { todayInStockholm } from '#domain/periods'
import { getSettings } from '#services/settings'
import {
  nextInvoiceNumber,
  storageRefusal,
  storeInvoicePdf,
} from '#actions/month_end/issue_invoices'
import { transactionWithFiles } from '#services/stored_file'
import { recordAudit } from '#services/audit'

export async function creditInvoice(invoiceId: number, reason: string, userId: number | null) {
  return transactionWithFiles(async (trx, files) => {
    const original = await trx.from('invoices').where('id', invoiceId).forUpdate().first()
    if (!original) return { ok: false as const, error: 'Fakturan finns inte.' }
    if (original.kind !== 'invoice')
      return { ok: false as const, error: 'En kreditfaktura kan inte krediteras.' }
    const existing = await trx.from('invoices').where('credits_invoice_id', invoiceId).first()
    if (existing)
      return {
        ok: false as const,
        error: `Fakturan ${original.number} är redan krediterad (${existing.number}).`,
      }

    const settings = await getSettings(trx)
    const organisation = await trx
      .from('organisations')
      .where('id', original.organisation_id)
      .firstOrFail()
    const lines = await trx.from('invoice_lines').where('invoice_id', invoiceId).orderBy('position')
    const issueDate = todayInStockholm()
    const year = Number(issueDate.slice(0, 4))
    const { sequence, number } = await nextInvoiceNumber(trx, year)
    const net = -BigInt(original.net_ore)
    const vat = -BigInt(original.vat_ore)
    const [credit] = await trx
      .table('invoices')
      .insert({
        number,
        year,
        sequence,
        kind: 'credit',
        period: original.period,
        organisation_id: original.organisation_id,
        credits_invoice_id: original.id,
        credit_reason: reason,
        issue_date: issueDate,
        due_date: addDays(issueDate, Number(settings.payment_days ?? 30)),
        reference: original.reference,
        cost_centre: original.cost_centre,
        vat_rate_percent: original.vat_rate_percent,
        net_ore: String(net),
        vat_ore: String(vat),
        total_ore: String(net + vat),
        issued_by: userId,
      })
      .returning('id')
    await trx.table('invoice_lines').multiInsert(
      lines.map((line) => ({
        invoice_id: credit.id,
        position: line.position,
        pool_code: line.pool_code,
        description: line.description,
        basis_text: line.basis_text,
        amount_ore: String(-BigInt(line.amount_ore)),
      }))
    )
    await storeInvoicePdf(trx, files, credit.id, {
      kind: 'credit',
      number,
      issueDate,
      dueDate: addDays(issueDate, Number(settings.payment_days ?? 30)),
      period: original.period,
      issuer: {
        name: settings.issuer_name,
        address: settings.issuer_address,
        orgNumber: settings.issuer_org_number,
        vatNumber: settings.issuer_vat_number,
      },
      recipient: {
        name: organisation.name,
        code: organisation.code,
        costCentre: original.cost_centre,
        reference: original.reference,
        kind: organisation.kind,
        orgNumber: organisation.org_number,
        postalStreet: organisation.postal_street,
        postalCode: organisation.postal_code,
        postalTown: organisation.postal_town,
        invoiceEmail: organisation.invoice_email,
      },
      lines: lines.map((line) => ({
        description: line.description,
        basisText: line.basis_text,
        amountOre: -BigInt(line.amount_ore),
      })),
      netOre: net,
      vatOre: vat,
      vatRatePercent: original.vat_rate_percent,
      totalOre: net + vat,
      paymentText:
        organisation.kind === 'bolag' ? settings.company_payment_text : settings.settlement_text,
      credits: { number: original.number, reason },
    })
    await recordAudit(trx, {
      userId,
      action: 'create',
      entityType: 'setting',
      entityId: number,
      summary: `Kreditfaktura ${number} krediterar ${original.number}: ${reason}`,
    })
    return { ok: true as const, id: Number(credit.id), number }
  }).catch((error) => ({
    ok: false as const,
    error: storageRefusal(error, 'storage.creditNotIssued'),
  }))
}
