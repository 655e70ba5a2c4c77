import db from '@adonisjs/lucid/services/db'

export function listSupplierInvoices() {
  return db
    .from('supplier_invoices as s')
    .leftJoin('supplier_invoice_lines as l', 'l.supplier_invoice_id', 's.id')
    .groupBy('s.id')
    .select(
      's.id',
      's.invoice_number',
      db.raw(`to_char(s.invoice_date, 'YYYY-MM-DD') as invoice_date`),
      's.period',
      's.net_ore',
      's.import_id',
      db.raw('count(l.id)::int as lines')
    )
    .orderBy([{ column: 's.period', order: 'desc' }, { column: 's.invoice_number' }])
}

export async function supplierInvoiceWithLines(id: number) {
  const invoice = await db
    .from('supplier_invoices')
    .where('id', id)
    .select('*', db.raw(`to_char(invoice_date, 'YYYY-MM-DD') as invoice_day`))
    .first()
  if (!invoice) return null
  const lines = await db
    .from('supplier_invoice_lines')
    .where('supplier_invoice_id', id)
    .orderBy('line_number')
  return { invoice, lines }
}

export function costEntriesByPeriod() {
  return (
    db
      .from('cost_entries as c')
      .join('cost_pools as p', 'p.id', 'c.cost_pool_id')
      // replaced entries stay for the evidence of what they fed, but are not current costs
      .whereNull('c.replaced_at')
      .select('c.period', 'p.code as pool', 'c.amount_ore', 'c.text', 'c.import_id')
      .orderBy([
        { column: 'c.period', order: 'desc' },
        { column: 'p.code' },
        { column: 'c.line_number' },
      ])
  )
}
