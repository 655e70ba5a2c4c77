/**
 * Whether a month's supplier inputs have arrived: the one home of the question that the
 * period checklist, the coordinator's "Väntar på dig" and the import reminders ask.
 */
import db from '@adonisjs/lucid/services/db'

async function hasDayIn(table: 'call_daily' | 'supplier_statistics', period: string) {
  const monthStart = `${period}-01`
  const row = await db
    .from(table)
    .where('day', '>=', monthStart)
    .whereRaw(`day < (?::date + interval '1 month')`, [monthStart])
    .select('day')
    .first()
  return Boolean(row)
}

/** The month's call records are imported (a day of theirs is aggregated). */
export function callRecordsArrived(period: string) {
  return hasDayIn('call_daily', period)
}

/** The month has call figures: its call records, or else the supplier's statistics file. */
export async function callFiguresArrived(period: string) {
  return (await callRecordsArrived(period)) || hasDayIn('supplier_statistics', period)
}

/** The supplier's invoice for the month is imported. */
export async function supplierInvoiceArrived(period: string) {
  return Boolean(await db.from('supplier_invoices').where('period', period).first())
}
