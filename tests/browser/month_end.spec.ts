/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { logIn } from '#tests/helpers/browser'
import { UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'

async function twoOrganisations() {
  const bromma = await OrganisationFactory.merge({
    code: 'SDF-BROMMA',
    name: 'Bromma stadsdelsförvaltning',
  }).create()
  const hem = await OrganisationFactory.merge({
    code: 'STOCKHOLMSHEM',
    name: 'AB Stockholmshem',
    kind: 'bolag',
  }).create()
  await db.table('extensions').multiInsert([
    { number: '0850810001', organisation_id: bromma.id, valid_from: '2025-01-01' },
    { number: '0850810002', organisation_id: bromma.id, valid_from: '2025-01-01' },
    { number: '0850830001', organisation_id: hem.id, valid_from: '2025-01-01' },
  ])
  await db
    .table('headcounts')
    .insert({ organisation_id: bromma.id, month: '2025-10', employees: 900 })
  await db.table('supplier_invoices').insert({
    invoice_number: 'LF-9',
    invoice_date: '2026-11-05',
    period: '2026-10',
    net_ore: 30_000_00,
    content_hash: 'x',
  })
  return { bromma, hem }
}

test.group('Browser / month-end', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a controller runs, reviews, approves and issues a month, then downloads a PDF', async ({
    visit,
    assert,
  }) => {
    await twoOrganisations()
    const controller = await UserFactory.apply('controller').create()
    const page = await visit('/logga-in')
    await logIn(page, controller)
    await page.locator('nav.main-nav').getByRole('link', { name: 'Kostnadsfördelning' }).click()
    await page.getByLabel('Period').fill('2026-10')
    await page.getByRole('button', { name: 'Beräkna fördelning' }).click()
    await page.assertTextContains('h1', 'Kostnadsfördelning oktober 2026')
    await page.assertTextContains('main', 'Telefonisttjänst (TELEFONIST)')
    await page.assertTextContains('main', '20\u00a0000,00\u00a0kr')
    // four eyes: the controller who ran it sees why there is no approve button
    await page.assertTextContains('main', 'En annan controller godkänner den (fyra ögon)')
    const { runAllocation } = await import('#actions/month_end/run_allocation')
    const coordinator = await UserFactory.create()
    assert.isTrue((await runAllocation('2026-10', coordinator.id)).ok)
    await page.reload()
    // approving and issuing ask for confirmation with the totals (docs/adr/0024)
    // the checklist: the allocation's warning (ETJANST is empty) is read before approving
    await page.getByRole('button', { name: 'Markera varningarna som lästa' }).click()
    await page.getByRole('link', { name: 'Godkänn fördelningen …' }).click()
    await page.getByRole('button', { name: 'Godkänn fördelningen' }).click()
    await page.getByRole('link', { name: 'Utfärda fakturor …' }).click()
    await page.getByRole('button', { name: 'Utfärda fakturor' }).click()
    await page.assertTextContains('.alert-success', '2 fakturor utfärdades för 2026-10')
    await page.goto('/fakturor')
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: /Ladda ner .*-00001/ }).click()
    const file = await download
    assert.match(file.suggestedFilename(), /^\d{4}-00001\.pdf$/)
  })

  test('the controller sends the invoiced month to the finance system as export batch 1 and downloads its SIE file', async ({
    visit,
    assert,
  }) => {
    await twoOrganisations()
    const { runAllocation, setPeriodApproval } = await import('#actions/month_end/run_allocation')
    const { issueInvoices } = await import('#actions/month_end/issue_invoices')
    await runAllocation('2026-10', null)
    await setPeriodApproval('2026-10', true, null)
    await issueInvoices('2026-10', null)
    const controller = await UserFactory.apply('controller')
      .merge({ fullName: 'Carin Controller' })
      .create()
    const page = await visit('/logga-in')
    await logIn(page, controller)
    await page.goto('/kostnadsfordelning/2026-10')
    await page.getByRole('link', { name: 'Ekonomiexport (exportbatcher)' }).click()
    await page.assertTextContains('main', '2 verifikationer väntar på export.')
    await page.getByRole('button', { name: 'Ny exportbatch' }).click()
    await page.assertTextContains('.alert-success', 'Exportbatch 1 med 2 verifikationer är skapad.')
    await page.assertTextContains('table', 'Carin Controller')
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: 'SIE 4 Batch 1' }).click()
    const file = await download
    assert.equal(file.suggestedFilename(), 'exportbatch-1.se')
  })

  test("a contact downloads their own invoice and gets 403 on another organisation's", async ({
    visit,
    assert,
  }) => {
    const { bromma, hem } = await twoOrganisations()
    const { runAllocation, setPeriodApproval } = await import('#actions/month_end/run_allocation')
    const { issueInvoices } = await import('#actions/month_end/issue_invoices')
    await runAllocation('2026-10', null)
    await setPeriodApproval('2026-10', true, null)
    await issueInvoices('2026-10', null)
    const contact = await UserFactory.merge({
      role: 'telefoniansvarig',
      organisationId: bromma.id,
    }).create()
    const own = await db.from('invoices').where('organisation_id', bromma.id).firstOrFail()
    const other = await db.from('invoices').where('organisation_id', hem.id).firstOrFail()
    const page = await visit('/logga-in')
    await logIn(page, contact)
    await page.goto('/fakturor')
    await page.assertTextContains('main', own.number)
    assert.notInclude(await page.locator('main').innerText(), other.number)
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: `Ladda ner ${own.number}` }).click()
    assert.equal((await download).suggestedFilename(), `${own.number}.pdf`)
    const response = await page.request.get(`/fakturor/${other.id}/pdf`)
    assert.equal(response.status(), 403)
  })
})
