/**
 * The demo's month-end checklist and controller's view (issue 15, docs/adr/0024): last
 * month's draft has had its warnings read by the controller (the checklist then shows what
 * still waits: the coordinator's difference and credit), and one line of an invoice of the
 * invoiced month is credited, so the invoice list shows its status chips and the controller
 * has a credit note waiting for the next export batch.
 */
import db from '@adonisjs/lucid/services/db'
import { monthOf, previousMonth, todayInStockholm } from '#domain/periods'
import { markWarningsRead } from '#actions/month_end/mark_warnings_read'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { inDefaultLanguage } from '#services/messages'

export async function loadDemoMonthEndChecklist() {
  const controller = await db.from('users').where('email', 'controller@stad.example').firstOrFail()
  const lastMonth = previousMonth(monthOf(todayInStockholm()))
  const draft = await db.from('periods').where('period', lastMonth).where('status', 'draft').first()
  if (
    draft?.calculation_id &&
    Array.isArray(draft.warnings) &&
    draft.warnings.length > 0 &&
    draft.warnings_read_calculation_id === null
  ) {
    const read = await markWarningsRead(lastMonth, Number(draft.calculation_id), controller.id)
    if (!read.ok) throw new Error(inDefaultLanguage(read.error))
  }
  await creditCompanyInvoice(lastMonth, controller.id)
  if (await creditOf('forvaltning')) return
  // the first administration's invoice of the invoiced month, with more than one line
  const invoice = await db
    .from('invoices as i')
    .join('organisations as o', 'o.id', 'i.organisation_id')
    .where('i.kind', 'invoice')
    .where('i.period', previousMonth(lastMonth))
    .where('o.kind', 'forvaltning')
    .whereRaw('(SELECT count(*) FROM invoice_lines l WHERE l.invoice_id = i.id) > 1')
    .orderBy('i.sequence')
    .select('i.id')
    .first()
  if (!invoice) return
  const credited = await creditInvoice(
    Number(invoice.id),
    'Systemförvaltningen debiterades efter fel antal anställda',
    controller.id,
    [2]
  )
  if (!credited.ok) throw new Error(inDefaultLanguage(credited.error))
}

/** Whether a credit note of an organisation of this kind exists (the step is re-runnable). */
async function creditOf(kind: 'forvaltning' | 'bolag') {
  return db
    .from('invoices as i')
    .join('organisations as o', 'o.id', 'i.organisation_id')
    .where('i.kind', 'credit')
    .where('o.kind', kind)
    .first()
}

/**
 * A company's credit note, so its e-invoice (UBL) can be downloaded: the whole invoice of the
 * invoiced month of the first company whose invoice details are complete.
 */
async function creditCompanyInvoice(lastMonth: string, controllerId: number) {
  if (await creditOf('bolag')) return
  const invoice = await db
    .from('invoices as i')
    .join('organisations as o', 'o.id', 'i.organisation_id')
    .where('i.kind', 'invoice')
    .where('i.period', previousMonth(lastMonth))
    .where('o.kind', 'bolag')
    .whereRaw("coalesce(i.parties->'recipient'->>'orgNumber', '') <> ''")
    .whereRaw("coalesce(i.parties->'recipient'->>'postalStreet', '') <> ''")
    .orderBy('i.sequence')
    .select('i.id')
    .first()
  if (!invoice) return
  const credited = await creditInvoice(
    Number(invoice.id),
    'Bolaget debiterades för anknytningar som redan var avslutade',
    controllerId
  )
  if (!credited.ok) throw new Error(inDefaultLanguage(credited.error))
}
