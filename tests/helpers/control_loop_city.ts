/**
 * A small city for the control-loop tests (issue 13): two administrations and a company,
 * key date 2025-10-31, extensions 3 / 2 / 5, headcount for the administrations, a
 * supplier invoice and an ETJANST cost entry per period asked for.
 */
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory } from '#database/factories/user_factory'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'
import { issuePeriod } from '#tests/helpers/month_end_fixtures'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { inDefaultLanguage } from '#services/messages'

export async function controlLoopCity(
  options: { periods?: string[]; supplierInvoice?: boolean } = {}
) {
  const a = await OrganisationFactory.merge({ code: 'ADM-A', name: 'Förvaltning A' }).create()
  const b = await OrganisationFactory.merge({ code: 'ADM-B', name: 'Förvaltning B' }).create()
  const c = await OrganisationFactory.merge({
    code: 'BOLAG-C',
    name: 'Bolaget C AB',
    kind: 'bolag',
  }).create()
  const extensions = (organisationId: number, count: number, offset: number) =>
    Array.from({ length: count }, (_, i) => ({
      number: `08519${offset + i}`,
      organisation_id: organisationId,
      valid_from: '2025-01-01',
    }))
  await db
    .table('extensions')
    .multiInsert([
      ...extensions(a.id, 3, 100),
      ...extensions(b.id, 2, 200),
      ...extensions(c.id, 5, 300),
    ])
  await db.table('headcounts').multiInsert([
    { organisation_id: a.id, month: '2025-10', employees: 300 },
    { organisation_id: b.id, month: '2025-10', employees: 100 },
  ])
  const etjanst = await db.from('cost_pools').where('code', 'ETJANST').firstOrFail()
  for (const period of options.periods ?? ['2026-10']) {
    if (options.supplierInvoice !== false) {
      await addSupplierInvoice(period, `LF-${period}`, 100_000_00)
    }
    await db.table('cost_entries').insert({
      period,
      cost_pool_id: etjanst.id,
      amount_ore: 40_000_00,
      text: 'Licens',
      line_number: 2,
    })
  }
  const coordinator = await UserFactory.merge({ email: 'samordnare.loop@stad.example' }).create()
  const controller = await UserFactory.apply('controller')
    .merge({ email: 'controller.loop@stad.example' })
    .create()
  const controller2 = await UserFactory.apply('controller')
    .merge({ email: 'controller2.loop@stad.example' })
    .create()
  return { a, b, c, etjanst, coordinator, controller, controller2 }
}

export async function addSupplierInvoice(period: string, number: string, netOre: number) {
  const [row] = await db
    .table('supplier_invoices')
    .insert({
      invoice_number: number,
      invoice_date: `${period}-28`,
      period,
      net_ore: netOre,
      content_hash: number,
    })
    .returning('id')
  return Number(row.id)
}

/** A fixed monthly fee as the supplier invoice's line (article FAST), the base of a service credit. */
export async function addFixedFee(supplierInvoiceId: number, amountOre: number) {
  await db.table('supplier_invoice_lines').insert({
    supplier_invoice_id: supplierInvoiceId,
    line_number: 1,
    article: 'FAST',
    description: 'Fast avgift',
    quantity: '1.0000',
    unit: 'st',
    price: (amountOre / 100).toFixed(4),
    amount_ore: amountOre,
  })
}

/**
 * October 2026 of the city with calls at 80 % within the target time (5 points under 85 %) and
 * a supplier invoice of a fixed fee of 100 000 kr with no per-call lines: the contract proposes
 * a credit of 5 000 kr, and the invoice differs from the answered calls.
 */
export async function octoberWithMissedServiceLevel() {
  const city = await controlLoopCity()
  await insertCallAggregates([
    { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 80 },
    { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 90, calls: 20 },
  ])
  const invoice = await db.from('supplier_invoices').where('period', '2026-10').firstOrFail()
  await addFixedFee(invoice.id, 100_000_00)
  return city
}

/**
 * A period of the city run by the coordinator, approved by the controller (four eyes) and
 * issued; a refusal on the way fails the test. The invoices issued.
 */
export async function invoicedMonth(
  city: { coordinator: { id: number }; controller: { id: number } },
  period: string
) {
  const run = await runAllocation(period, city.coordinator.id)
  if (!run.ok) throw new Error(run.errors.map((error) => inDefaultLanguage(error)).join(' '))
  const approval = await setPeriodApproval(period, true, city.controller.id)
  if (!approval.ok) throw new Error(inDefaultLanguage(approval.error))
  return issuePeriod(period, city.controller.id)
}

export const today = () => DateTime.now().toISODate()!

/** Run an ace command in this process with --json; its exit code and the JSON it printed. */
export async function aceJson(name: string, args: string[]) {
  const ace = (await import('@adonisjs/core/services/ace')).default
  ace.ui.switchMode('raw')
  try {
    const command = await ace.exec(name, [...args, '--json'])
    const logs = ace.ui.logger.getLogs()
    return {
      exitCode: command.exitCode,
      output: JSON.parse(logs[0].message),
      lines: logs.length,
    }
  } finally {
    ace.ui.switchMode('normal')
  }
}
