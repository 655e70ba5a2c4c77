import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'

/** October 2026: 75 of 100 answered within 60 s, and a fixed fee of 250 000 kr. */
async function missedMonth() {
  await insertCallAggregates([
    { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 30, calls: 75 },
    { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 90, calls: 25 },
  ])
  const [invoice] = await db
    .table('supplier_invoices')
    .insert({
      invoice_number: 'LF-VITE',
      invoice_date: '2026-11-05',
      period: '2026-10',
      net_ore: 250_000_00,
      content_hash: 'vite',
    })
    .returning('id')
  await db.table('supplier_invoice_lines').insert({
    supplier_invoice_id: invoice.id,
    line_number: 1,
    article: 'FAST',
    quantity: 1,
    price: 250000,
    amount_ore: 250_000_00,
  })
}

test.group('Service credit / a page view writes nothing', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the quality page and the follow-up PDF show the proposal without storing it; the decision stores it', async ({
    client,
    assert,
  }) => {
    await missedMonth()
    const coordinator = await UserFactory.create()
    const stored = () => db.from('service_credits').where('period', '2026-10')

    const page = await client.get('/samtal?manad=2026-10').loginAs(coordinator)
    page.assertStatus(200)
    page.assertTextIncludes('25\u00a0000,00\u00a0kr')
    const pdf = await client.get('/samtal/2026-10/leverantorsrapport').loginAs(coordinator)
    pdf.assertStatus(200)
    assert.lengthOf(await stored(), 0, 'nothing written by GET')

    await client
      .post('/samtal/2026-10/vite')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ decision: 'accept', comment: 'Svarsandelen låg under målet hela månaden.' })
      .redirects(0)
    const [credit] = await stored()
    assert.equal(credit.status, 'accepted')
    assert.equal(String(credit.proposed_ore), '2500000')
    assert.equal(credit.points, 10)
  })
})

test.group('Service credit / Samtal & kvalitet reads the follow-up once', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the page reads the supplier invoice lines and the contract rule once for both the reconciliation and the service credit', async ({
    client,
    assert,
  }) => {
    await missedMonth()
    const coordinator = await UserFactory.create()
    const connection = db.connection()
    const clients = new Set([connection.getReadClient(), connection.getWriteClient()])
    const sent: string[] = []
    const listener = (query: { sql: string }) => sent.push(query.sql)
    for (const knex of clients) knex.on('query', listener)
    try {
      const page = await client.get('/samtal?manad=2026-10').loginAs(coordinator)
      page.assertStatus(200)
      // the reconciliation's and the credit's figures are both on the page
      page.assertTextIncludes('25\u00a0000,00\u00a0kr')
    } finally {
      for (const knex of clients) knex.off('query', listener)
    }
    const reading = (table: string) => sent.filter((sql) => sql.includes(table)).length
    assert.equal(reading('supplier_invoice_lines'), 1, sent.join('\n'))
    assert.isAtMost(reading('service_credit_rules'), 1, sent.join('\n'))
  })
})
