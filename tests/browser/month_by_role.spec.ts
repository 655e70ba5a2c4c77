/// <reference lib="dom" />
/**
 * Issue 15, "Done when": each role completes its month by following only what the start
 * page's "Väntar på dig" says — the coordinator and the controller on a desktop, a telephony
 * contact on a 390×844 phone — and every page visited has no axe-core violations (and on the
 * phone no horizontal scroll).
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { Page } from 'playwright'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { createContact, UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { runAllocation } from '#actions/month_end/run_allocation'
import { decideServiceCredit, explainReconciliation } from '#actions/quality/supplier_follow_up'
import { createRoutine, publishRoutine } from '#actions/routines/routines'
import { controlLoopCity, octoberWithMissedServiceLevel } from '#tests/helpers/control_loop_city'
import { clock } from '#services/clock'

const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

/**
 * October 2026, seen in mid-November: calls at 80 % within the target time (5 points under
 * 85 %), a supplier invoice with a fixed fee of 100 000 kr and no per-call lines — so the
 * contract proposes a credit of 5 000 kr and the invoice differs from the answered calls.
 */
async function october() {
  clock.freeze('2026-11-15T10:00:00Z')
  return octoberWithMissedServiceLevel()
}

/** The page's axe-core violations and, on a phone, whether it is wider than the screen. */
async function checkPage(page: Page, assert: any, width: number) {
  const path = new URL(page.url()).pathname
  assert.deepEqual(await axeViolations(page), [], path)
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.isAtMost(scrollWidth, width, `${path} is wider than the screen`)
}

/** Follow the one "Väntar på dig" link whose text matches. */
async function follow(page: Page, name: RegExp | string) {
  await page.goto('/oversikt')
  const link = page.getByRole('region', { name: 'Väntar på dig' }).getByRole('link', { name })
  await link.click()
  await page.waitForLoadState()
}

test.group('Browser / a month by role (issue 15)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => clock.restore())

  test('the coordinator explains the difference and decides the credit from "Väntar på dig" until nothing waits', async ({
    visit,
    assert,
  }) => {
    const { coordinator } = await october()
    // every organisation had its avstämning in September, so only the month waits (docs/adr/0031)
    for (const { id } of await db.from('organisations').select('id'))
      await db.table('meetings').insert({
        title: 'Avstämning',
        kind: 'review',
        organisation_id: id,
        starts_at: new Date('2026-09-10T08:00:00Z'),
        ends_at: new Date('2026-09-10T09:00:00Z'),
        place: 'Stadshuset',
      })
    const page = await visit('/logga-in')
    await page.setViewportSize(DESKTOP)
    await logIn(page, coordinator)
    await checkPage(page, assert, DESKTOP.width)

    await follow(page, /Leverantörsfakturan för oktober 2026 skiljer sig/)
    assert.equal(new URL(page.url()).pathname, '/samtal')
    await checkPage(page, assert, DESKTOP.width)
    await page
      .getByLabel('Förklaring till skillnaden')
      .fill('Fast pris i oktober, inga styckpriser')
    await page.getByRole('button', { name: 'Spara förklaringen' }).click()
    await page.waitForLoadState()

    await follow(page, /Föreslaget vite för oktober 2026 att besluta – 5\s000,00\skr/)
    await checkPage(page, assert, DESKTOP.width)
    await page.getByLabel('Kommentar').fill('Enligt avtalet, bilaga 3')
    await page.getByRole('button', { name: 'Godta vitet' }).click()
    await page.waitForLoadState()

    await page.goto('/oversikt')
    await page.assertTextContains('.waiting', 'Inget väntar på dig just nu.')
    const credit = await db.from('service_credits').where('period', '2026-10').firstOrFail()
    assert.equal(credit.status, 'accepted')
    assert.isNotNull(
      await db.from('reconciliation_explanations').where('period', '2026-10').first()
    )
  })

  test('the controller reads the warnings, approves and issues on confirmation pages and exports, following "Väntar på dig" until nothing waits', async ({
    visit,
    assert,
  }) => {
    const { coordinator, controller } = await october()
    await explainReconciliation('2026-10', 'Fast pris i oktober', coordinator.id)
    await decideServiceCredit('2026-10', true, 'Enligt avtalet', coordinator.id)
    // an administration without headcount: the allocation warns about it
    const d = await OrganisationFactory.merge({ code: 'ADM-D', name: 'Förvaltning D' }).create()
    await db
      .table('extensions')
      .insert({ number: '0851940000', organisation_id: d.id, valid_from: '2025-01-01' })
    assert.isTrue((await runAllocation('2026-10', coordinator.id)).ok)

    const page = await visit('/logga-in')
    await page.setViewportSize(DESKTOP)
    await logIn(page, controller)
    await checkPage(page, assert, DESKTOP.width)

    await follow(page, /Utkastet för oktober 2026 väntar på godkännande/)
    assert.equal(new URL(page.url()).pathname, '/kostnadsfordelning/2026-10')
    await checkPage(page, assert, DESKTOP.width)
    const checklist = page.getByRole('region', { name: 'Månadsavslut – checklista' })
    await checklist.getByRole('link', { name: 'Läs varningarna' }).click()
    await page.getByRole('button', { name: 'Markera varningarna som lästa' }).click()
    await page.assertTextContains('.alert-success', 'Varningarna är markerade som lästa.')
    await checkPage(page, assert, DESKTOP.width)

    await page.getByRole('link', { name: 'Godkänn fördelningen …' }).click()
    await page.assertTextContains('h1', 'Godkänn fördelningen för oktober 2026')
    await page.assertTextContains('main', '285\u00a0000,00\u00a0kr')
    await checkPage(page, assert, DESKTOP.width)
    await page.getByRole('button', { name: 'Godkänn fördelningen' }).click()
    await page.assertTextContains('main', 'Godkänd av')

    await follow(page, /oktober 2026 är godkänd och kan faktureras/)
    await page.getByRole('link', { name: 'Utfärda fakturor …' }).click()
    await page.assertTextContains('h1', 'Utfärda fakturor för oktober 2026')
    await page.assertTextContains('main', 'till 4 organisationer')
    await checkPage(page, assert, DESKTOP.width)
    await page.getByRole('button', { name: 'Utfärda fakturor' }).click()
    await page.assertTextContains('.alert-success', '4 fakturor utfärdades för 2026-10')

    await follow(page, /4 verifikationer finns inte i någon exportbatch/)
    await checkPage(page, assert, DESKTOP.width)
    await page.getByRole('button', { name: 'Ny exportbatch' }).click()
    await page.assertTextContains('.alert-success', 'Exportbatch 1 med 4 verifikationer är skapad.')

    await page.goto('/oversikt')
    await page.assertTextContains('.waiting', 'Inget väntar på dig just nu.')
    await page.goto('/fakturor?period=2026-10')
    await page.assertTextContains('main', '4 fakturor')
    await checkPage(page, assert, DESKTOP.width)
  })

  test('the controller credits one line of an invoice on its own page; the list and the credit page pass axe-core on a desktop and a phone', async ({
    visit,
    assert,
  }) => {
    const { coordinator, controller } = await controlLoopCity()
    const { setPeriodApproval } = await import('#actions/month_end/run_allocation')
    const { issueInvoices } = await import('#actions/month_end/issue_invoices')
    await runAllocation('2026-10', coordinator.id)
    await setPeriodApproval('2026-10', true, controller.id)
    await issueInvoices('2026-10', controller.id)
    const invoice = await db
      .from('invoices as i')
      .join('organisations as o', 'o.id', 'i.organisation_id')
      .where('o.code', 'ADM-A')
      .select('i.id', 'i.number')
      .firstOrFail()

    const page = await visit('/logga-in')
    await logIn(page, controller)
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size)
      await page.goto('/fakturor')
      await checkPage(page, assert, size.width)
      await page.getByRole('link', { name: `Kreditera ${invoice.number}` }).click()
      await page.assertTextContains('h1', `Kreditera faktura ${invoice.number}`)
      await checkPage(page, assert, size.width)
    }
    await page.getByLabel('Orsak till krediteringen').fill('Fel antal anställda i e-tjänsten')
    await page.getByLabel(/Rad 3 – Systemförvaltning e-tjänst/).check()
    await page.getByRole('button', { name: 'Kreditera' }).click()
    await page.assertTextContains('.alert-success', 'Kreditfaktura')
    await page.goto('/fakturor?status=partlyCredited')
    await page.assertTextContains('main', invoice.number)
    await page.assertTextContains('main', 'Delvis krediterad')
    await checkPage(page, assert, PHONE.width)
  })

  test('a contact on a phone acknowledges the routine and answers the survey from "Väntar på dig" until nothing waits', async ({
    visit,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const [category] = await db
      .table('routine_categories')
      .insert({ name: 'Växeln' })
      .returning('id')
    const routine = await createRoutine(
      {
        categoryId: category.id,
        title: 'Vidarekoppling vid frånvaro',
        body: '# Rutin\n\n- koppla om\n- meddela växeln',
        requiresAcknowledgement: true,
      },
      coordinator.id
    )
    await publishRoutine(routine, 'Första versionen', true, coordinator.id)
    const [survey] = await db
      .table('surveys')
      .insert({
        title: 'Nöjdhetsenkät 2026',
        year: 2026,
        status: 'oppen',
        created_by: coordinator.id,
      })
      .returning('id')
    await db
      .table('survey_questions')
      .insert({ survey_id: survey.id, position: 1, text: 'Hur nöjd är du med samordningen?' })

    const page = await visit('/logga-in')
    await page.setViewportSize(PHONE)
    await logIn(page, contact)
    await checkPage(page, assert, PHONE.width)

    await follow(page, 'Bekräfta att du läst rutinen ”Vidarekoppling vid frånvaro”')
    assert.isTrue(
      await page.getByRole('heading', { level: 1, name: 'Vidarekoppling vid frånvaro' }).isVisible()
    )
    await checkPage(page, assert, PHONE.width)
    await page.getByRole('button', { name: 'Jag har läst och förstått' }).click()
    await page.assertTextContains('main', 'Du bekräftade version 1')

    await follow(page, 'Svara på enkäten ”Nöjdhetsenkät 2026”')
    await checkPage(page, assert, PHONE.width)
    await page
      .getByRole('group', { name: '1. Hur nöjd är du med samordningen?' })
      .getByLabel('4', { exact: true })
      .check()
    await page.getByRole('button', { name: 'Skicka mina svar' }).click()
    await page.assertTextContains('main', 'Tack för dina svar!')
    await checkPage(page, assert, PHONE.width)

    await page.goto('/oversikt')
    assert.equal(await page.getByRole('region', { name: 'Väntar på dig' }).count(), 0)
    await checkPage(page, assert, PHONE.width)
  })
})
