import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { runAllocation } from '#actions/month_end/run_allocation'
import { decideServiceCredit, explainReconciliation } from '#actions/quality/supplier_follow_up'
import { controlLoopCity, octoberWithMissedServiceLevel } from '#tests/helpers/control_loop_city'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { formatOre } from '#domain/formatting'
import { monthQuality } from '#queries/quality/month_quality'
import { monthFollowUp, reconciliation, serviceCreditFor } from '#queries/quality/service_credit'
import { counted } from '#tests/helpers/statements'

/** The checklist's items on a page: key → state. */
function checks(html: string) {
  return Object.fromEntries(
    [...html.matchAll(/data-check="(\w+)" data-state="(\w+)"/g)].map((m) => [m[1], m[2]])
  )
}

const currentCalculation = async () =>
  Number((await db.from('periods').where('period', '2026-10').firstOrFail()).calculation_id)

test.group('Month-end checklist and confirmations (docs/adr/0024)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the period page says why Godkänn is not yet possible, links to the fix, and the confirmation page shows no button', async ({
    client,
    assert,
  }) => {
    const { coordinator, controller } = await octoberWithMissedServiceLevel()
    await runAllocation('2026-10', coordinator.id)
    const page = await client.get('/kostnadsfordelning/2026-10').loginAs(controller)
    page.assertStatus(200)
    assert.deepInclude(checks(page.text()), {
      supplierInvoice: 'met',
      calls: 'met',
      difference: 'unmet',
      credit: 'unmet',
      draft: 'met',
      warnings: 'met',
    })
    page.assertTextIncludes('href="/samtal?manad=2026-10#credit"')
    page.assertTextIncludes('Besluta om vitet')
    page.assertTextIncludes('Varför kan jag inte godkänna?')
    assert.notInclude(page.text(), 'Godkänn fördelningen …')
    const confirm = await client.get('/kostnadsfordelning/2026-10/godkann').loginAs(controller)
    confirm.assertStatus(200)
    confirm.assertTextIncludes('Godkännandet är inte möjligt ännu')
    // 5 % of the fixed fee of 100 000 kr
    confirm.assertTextIncludes('5\u00a0000,00\u00a0kr')
    assert.notInclude(confirm.text(), 'action="/kostnadsfordelning/2026-10/godkann"')
  })

  test("a month's follow-up reads the supplier invoice, the pools it feeds, the contract's rule, the call cost and the explanation in one statement, and the decided credit in a second", async ({
    assert,
  }) => {
    await octoberWithMissedServiceLevel()
    const report = await monthQuality('2026-10')
    const { result, statements } = await counted(() => monthFollowUp('2026-10', report))
    assert.equal(statements, 2)
    // the same answers as the reconciliation and the credit read apart
    assert.deepEqual(result.check, await reconciliation('2026-10', undefined, report))
    assert.deepEqual(result.credit, await serviceCreditFor('2026-10', undefined, report))
    assert.isTrue(result.check.hasInvoice)
    assert.equal(result.credit?.status, 'proposed')
    assert.deepInclude(result.facts, { supplierInvoices: 1, supplierPools: 1 })
  })

  test('the controller reads the warnings, confirms the totals and approves; the page says who approved and when; issuing asks for confirmation too', async ({
    client,
    assert,
  }) => {
    const { coordinator, controller } = await octoberWithMissedServiceLevel()
    await decideServiceCredit('2026-10', true, 'Enligt avtalet', coordinator.id)
    // no per-call lines on the invoice against 100 answered calls: a difference to explain
    await explainReconciliation('2026-10', 'Fast pris i oktober, inga styckpriser', coordinator.id)
    await runAllocation('2026-10', coordinator.id)
    await db
      .from('periods')
      .where('period', '2026-10')
      .update({ warnings: JSON.stringify(['Förvaltning X saknar antal anställda']) })
    const before = await client.get('/kostnadsfordelning/2026-10').loginAs(controller)
    assert.equal(checks(before.text()).warnings, 'unmet')
    before.assertTextIncludes('Markera varningarna som lästa')

    // a hand-made approval is refused too, saying what is missing
    const early = await client
      .post('/kostnadsfordelning/2026-10/godkann')
      .form({ calculationId: await currentCalculation() })
      .loginAs(controller)
      .withCsrfToken()
      .redirects(0)
    early.assertFlashMessage(
      'error',
      'Fördelningen för 2026-10 kan inte godkännas ännu: 1 varning från beräkningen är inte markerad som läst.'
    )
    assert.equal((await db.from('periods').where('period', '2026-10').first()).status, 'draft')

    // a calculation other than the one shown is refused
    const stale = await client
      .post('/kostnadsfordelning/2026-10/varningar-lasta')
      .form({ calculationId: (await currentCalculation()) + 1000 })
      .loginAs(controller)
      .withCsrfToken()
      .redirects(0)
    stale.assertStatus(302)
    assert.isNull((await db.from('periods').where('period', '2026-10').first()).warnings_read_at)

    await client
      .post('/kostnadsfordelning/2026-10/varningar-lasta')
      .form({ calculationId: await currentCalculation() })
      .loginAs(controller)
      .withCsrfToken()
      .redirects(0)
    const period = await db.from('periods').where('period', '2026-10').first()
    assert.equal(period.warnings_read_by, controller.id)
    assert.equal(String(period.warnings_read_calculation_id), String(period.calculation_id))

    const after = await client.get('/kostnadsfordelning/2026-10').loginAs(controller)
    assert.deepEqual(checks(after.text()), {
      supplierInvoice: 'met',
      calls: 'met',
      difference: 'met',
      credit: 'met',
      draft: 'met',
      warnings: 'met',
    })
    after.assertTextIncludes('Godkänn fördelningen …')

    const confirm = await client.get('/kostnadsfordelning/2026-10/godkann').loginAs(controller)
    confirm.assertTextIncludes('Summor att bekräfta')
    // 100 000 kr supplier invoice − 5 000 kr credit + 150 000 kr coordination + 40 000 kr e-service
    confirm.assertTextIncludes('285\u00a0000,00\u00a0kr')
    confirm.assertTextIncludes('action="/kostnadsfordelning/2026-10/godkann"')
    await client
      .post('/kostnadsfordelning/2026-10/godkann')
      .form({ calculationId: await currentCalculation() })
      .loginAs(controller)
      .withCsrfToken()
      .redirects(0)
    const approved = await client.get('/kostnadsfordelning/2026-10').loginAs(controller)
    approved.assertTextIncludes(`Godkänd av ${controller.fullName}`)
    approved.assertTextIncludes('href="/kostnadsfordelning/2026-10/fakturera"')

    const issue = await client.get('/kostnadsfordelning/2026-10/fakturera').loginAs(controller)
    issue.assertStatus(200)
    issue.assertTextIncludes('285\u00a0000,00\u00a0kr till 3 organisationer')
    issue.assertTextIncludes('action="/kostnadsfordelning/2026-10/fakturera"')
  })

  test('the matrix filters by kind and text, sorts by total, and refuses an unknown sort in Swedish', async ({
    client,
    assert,
  }) => {
    const { coordinator, controller } = await controlLoopCity()
    await runAllocation('2026-10', coordinator.id)
    const companies = await client
      .get('/kostnadsfordelning/2026-10?typ=bolag&sortera=total&ordning=fallande')
      .loginAs(controller)
    companies.assertStatus(200)
    const rows = [...companies.text().matchAll(/<th scope="row"><a href="[^"]*">([^<]+)<\/a>/g)]
    assert.deepEqual(
      rows.map((m) => m[1]),
      ['BOLAG-C']
    )
    companies.assertTextIncludes('Visar 1 av 3 organisationer')
    const sorted = await client
      .get('/kostnadsfordelning/2026-10?sortera=total&ordning=fallande')
      .loginAs(controller)
    assert.deepEqual(
      [...sorted.text().matchAll(/<th scope="row"><a href="[^"]*">([^<]+)<\/a>/g)].map((m) => m[1]),
      ['BOLAG-C', 'ADM-A', 'ADM-B']
    )
    // the Summa heading, sorted descending now, links to ascending and keeps the filter
    const filtered = await client
      .get('/kostnadsfordelning/2026-10?typ=bolag&sortera=total&ordning=fallande')
      .loginAs(controller)
    filtered.assertTextIncludes('aria-sort="descending"')
    filtered.assertTextIncludes(
      'href="/kostnadsfordelning/2026-10?typ=bolag&amp;sortera=total&amp;ordning=stigande#matrix-title"'
    )
    const bad = await client.get('/kostnadsfordelning/2026-10?sortera=pris').loginAs(controller)
    bad.assertStatus(422)
    bad.assertTextIncludes('Välj kod, namn, summa eller förändring.')
  })

  test('the period page shows the matrix a page of organisations at a time with the totals of all of them, and the pools below show the shares of that page’s organisations (docs/adr/0035)', async ({
    client,
    assert,
  }) => {
    const { coordinator, controller } = await controlLoopCity()
    // 27 more organisations, one extension each: 30 in all, two pages of the matrix
    for (let index = 1; index <= 27; index++) {
      const organisation = await OrganisationFactory.merge({
        code: `EXTRA-${String(index).padStart(2, '0')}`,
      }).create()
      await db.table('extensions').insert({
        number: `0852${7000 + index}`,
        organisation_id: organisation.id,
        valid_from: '2025-01-01',
      })
    }
    await runAllocation('2026-10', coordinator.id)
    const matrixCodes = (html: string) =>
      [...html.matchAll(/<th scope="row"><a href="[^"]*">([^<]+)<\/a>/g)].map((m) => m[1])
    const poolCodes = (html: string, pool: string) => {
      const section = html.slice(html.indexOf(`id="pool-${pool}"`))
      const table = section.slice(0, section.indexOf('</table>'))
      return [...table.matchAll(/<td><a href="[^"]*">([^<]+)<\/a><\/td>/g)].map((m) => m[1])
    }
    const total = Number(
      (await db.from('allocations').where('period', '2026-10').sum('amount_ore as total').first())
        .total
    )
    const kronor = formatOre(BigInt(total))

    const first = await client.get('/kostnadsfordelning/2026-10').loginAs(controller)
    first.assertStatus(200)
    const firstCodes = matrixCodes(first.text())
    assert.lengthOf(firstCodes, 25)
    first.assertTextIncludes('Organisation 1–25 av 30.')
    // the footer's total is every organisation's, on every page
    first.assertTextIncludes(`<td class="num">${kronor}</td>`)
    first.assertTextIncludes('href="/kostnadsfordelning/2026-10?page=2"')
    assert.deepEqual(poolCodes(first.text(), 'TELEFONIST'), firstCodes)

    const second = await client.get('/kostnadsfordelning/2026-10?page=2').loginAs(controller)
    second.assertStatus(200)
    const secondCodes = matrixCodes(second.text())
    second.assertTextIncludes('Organisation 26–30 av 30.')
    // each pool's table says whose shares it shows (its caption, for a screen reader)
    second.assertTextIncludes('Organisation 26–30 av 30, som i tabellen ovan.</caption>')
    second.assertTextIncludes(`<td class="num">${kronor}</td>`)
    assert.deepEqual(poolCodes(second.text(), 'TELEFONIST'), secondCodes)
    // both pages together: every organisation exactly once
    const all = (await db.from('organisations').orderBy('code').select('code')).map((o) => o.code)
    assert.deepEqual([...firstCodes, ...secondCodes].sort(), all.sort())

    // a filter keeps the page links' filter and sort, and a page past the end is the last
    const sorted = await client
      .get('/kostnadsfordelning/2026-10?sortera=total&ordning=fallande&page=9')
      .loginAs(controller)
    sorted.assertStatus(200)
    sorted.assertTextIncludes('Organisation 26–30 av 30.')
    sorted.assertTextIncludes(
      'href="/kostnadsfordelning/2026-10?sortera=total&amp;ordning=fallande&amp;page=1"'
    )
  })

  test('the invoice list filters by kind and status with totals; crediting has its own page with the lines', async ({
    client,
    assert,
  }) => {
    const { coordinator, controller } = await controlLoopCity()
    const { setPeriodApproval } = await import('#actions/month_end/run_allocation')
    const { issueInvoices } = await import('#actions/month_end/issue_invoices')
    await runAllocation('2026-10', coordinator.id)
    await setPeriodApproval('2026-10', true, controller.id)
    await issueInvoices('2026-10', controller.id)
    const list = await client.get('/fakturor?period=2026-10').loginAs(controller)
    list.assertTextIncludes('3 fakturor')
    list.assertTextIncludes('Förvaltning A')
    list.assertTextIncludes('Utfärdad')
    assert.notInclude(list.text(), '<details>')
    const invoice = await db.from('invoices').where('kind', 'invoice').orderBy('id').firstOrFail()
    list.assertTextIncludes(`href="/fakturor/${invoice.id}/kreditera"`)

    const form = await client.get(`/fakturor/${invoice.id}/kreditera`).loginAs(controller)
    form.assertStatus(200)
    form.assertTextIncludes(`Kreditera faktura ${invoice.number}`)
    form.assertTextIncludes('name="lines[]"')
    await client
      .post(`/fakturor/${invoice.id}/kreditera`)
      .form({ reason: 'Fel antal anknytningar' })
      .loginAs(controller)
      .withCsrfToken()
      .redirects(0)

    const credits = await client.get('/fakturor?typ=credit').loginAs(controller)
    credits.assertTextIncludes('1 faktura')
    const credited = await client.get('/fakturor?status=credited').loginAs(controller)
    credited.assertTextIncludes(invoice.number)
    credited.assertTextIncludes('1 faktura')
    const open = await client.get('/fakturor?status=open').loginAs(controller)
    open.assertTextIncludes('2 fakturor')
    const again = await client.get(`/fakturor/${invoice.id}/kreditera`).loginAs(controller)
    again.assertTextIncludes('Alla rader på fakturan är redan krediterade.')
    assert.notInclude(again.text(), `action="/fakturor/${invoice.id}/kreditera"`)

    const bad = await client.get('/fakturor?status=betald&period=2026-13').loginAs(controller)
    bad.assertStatus(422)
    bad.assertTextIncludes('Välj en av statusarna i listan.')
    bad.assertTextIncludes('Perioden skrivs ÅÅÅÅ-MM, till exempel 2026-10.')
  })
})
