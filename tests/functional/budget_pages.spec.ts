/**
 * Issue 17 points 1, 2 and 7 from the web and the API: the budget page, next year's fee
 * preview (page, PDF per organisation, a contact's own) and the JSON API with its limit
 * per key. The rules themselves are tested in budget.spec.ts and tests/unit/budget.spec.ts.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { saveBudget } from '#actions/budget/save_budget'
import { feeComparison } from '#queries/budget/fee_preview'
import { renderFeePreviewPdf } from '#services/fee_preview_pdf'
import { API_REQUESTS_PER_MINUTE, consumeApiRequest } from '#services/api_rate_limit'
import { controlLoopCity } from '#tests/helpers/control_loop_city'
import { pdfText } from '#tests/helpers/pdf_text'
import i18nManager from '@adonisjs/i18n/services/main'

const NBSP = '\u00a0'

/** The budget form as the page sends it: every month, blank unless given. */
const monthFields = (values: Record<string, string> = {}) => ({
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`month_${i + 1}`, ''])),
  ...values,
})

/** TELEFONIST: 100 000 kr for 2026 and 110 000 kr for 2027 (January), over 3 : 2 : 5. */
async function cityWithBudgets() {
  const city = await controlLoopCity({ periods: [] })
  const telefonist = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
  for (const [year, amount] of [
    [2026, '100000'],
    [2027, '110000'],
  ] as const) {
    await saveBudget({
      poolId: telefonist.id,
      year,
      amounts: [amount, ...Array(11).fill('')],
      userId: city.coordinator.id,
    })
  }
  return { ...city, telefonist }
}

test.group('Budget page', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a true-up asked for a pool without a fixed amount is refused saying that only fixed-amount pools are trued up at year end', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const refused = await client
      .post('/budget/2026/telefonist/avstamning')
      .form({ decision: 'accept', shownOre: '0', comment: 'Årets avstämning' })
      .withCsrfToken()
      .loginAs(coordinator)
      .redirects(0)
    refused.assertStatus(302)
    const message = String(refused.flashMessages().error ?? '')
    assert.include(message, 'Bara kostnadsposter med fast belopp stäms av vid årets slut')
    assert.include(message, 'TELEFONIST')
    assert.notInclude(message, 'finns inte')
    assert.equal(Number((await db.from('true_ups').count('* as n').first()).n), 0)
  })

  test('a budget form that does not send every month is refused (422, naming the months) and saves nothing; a blank month is 0 kr', async ({
    client,
    assert,
  }) => {
    const { coordinator } = await controlLoopCity({ periods: [] })
    const pool = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
    const stored = async () =>
      Number(
        (
          await db
            .from('budgets')
            .where('cost_pool_id', pool.id)
            .where('year', 2027)
            .count('* as n')
        )[0].n
      )
    const nothing = await client
      .post('/budget/2027/telefonist')
      .form({})
      .withCsrfToken()
      .loginAs(coordinator)
      .redirects(0)
    nothing.assertStatus(422)
    nothing.assertTextIncludes('Budgeten sparades inte')
    nothing.assertTextIncludes('Januari–December')
    const some = await client
      .post('/budget/2027/telefonist')
      .form({
        ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`month_${i + 1}`, '100'])),
      })
      .withCsrfToken()
      .loginAs(coordinator)
      .redirects(0)
    some.assertStatus(422)
    some.assertTextIncludes('November, December')
    assert.equal(await stored(), 0)
    // every month sent, some of them blank: saved, the blank ones as 0 kr
    const blanks = await client
      .post('/budget/2027/telefonist')
      .form(monthFields({ month_3: '300' }))
      .withCsrfToken()
      .loginAs(coordinator)
      .redirects(0)
    blanks.assertStatus(302)
    assert.equal(await stored(), 12)
  })

  test('the coordinator enters a budget per month in kronor; it is stored in öre and shown beside actual and forecast', async ({
    client,
    assert,
  }) => {
    const { coordinator } = await controlLoopCity({ periods: [] })
    const saved = await client
      .post('/budget/2027/telefonist')
      .form(monthFields({ month_1: '1 000,50', month_2: '2000', month_12: '0,01' }))
      .withCsrfToken()
      .loginAs(coordinator)
      .redirects(0)
    saved.assertStatus(302)
    saved.assertFlashMessage('success', 'Budgeten för TELEFONIST 2027 är sparad.')
    const pool = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
    const rows = await db
      .from('budgets')
      .where('cost_pool_id', pool.id)
      .where('year', 2027)
      .orderBy('month')
    assert.lengthOf(rows, 12)
    assert.deepEqual(
      rows
        .filter((row) => Number(row.amount_ore) !== 0)
        .map((r) => [r.month, Number(r.amount_ore)]),
      [
        [1, 100_050],
        [2, 200_000],
        [12, 1],
      ]
    )
    const page = await client.get('/budget?ar=2027').loginAs(coordinator)
    page.assertStatus(200)
    page.assertTextIncludes('Budget och prognos 2027')
    // the year's budget: 1 000,50 + 2 000 + 0,01 kr
    page.assertTextIncludes(`3${NBSP}000,51${NBSP}kr`)
    page.assertTextIncludes('0 av 12 månader har utfall.')
    const edit = await client.get('/budget/2027/TELEFONIST/redigera').loginAs(coordinator)
    edit.assertStatus(200)
    edit.assertTextIncludes(`value="1${NBSP}000,50"`)
  })

  test('a bad amount is refused naming its month in Swedish, and nothing is stored', async ({
    client,
    assert,
  }) => {
    const { coordinator } = await controlLoopCity({ periods: [] })
    const refused = await client
      .post('/budget/2027/TELEFONIST')
      .form(monthFields({ month_1: '100', month_3: '12,345' }))
      .withCsrfToken()
      .loginAs(coordinator)
      .redirects(0)
    refused.assertStatus(302)
    const flash = refused.flashMessages() as { error?: string }
    assert.match(flash.error ?? '', /^Mars: "12,345" /)
    const pool = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
    assert.lengthOf(await db.from('budgets').where('cost_pool_id', pool.id), 0)
    const negative = await client
      .post('/budget/2027/TELEFONIST')
      .form(monthFields({ month_1: '-5' }))
      .withCsrfToken()
      .loginAs(coordinator)
      .redirects(0)
    assert.match((negative.flashMessages() as { error?: string }).error ?? '', /negativ/)
    const unknown = await client
      .post('/budget/2027/FINNSINTE')
      .form(monthFields({ month_1: '5' }))
      .withCsrfToken()
      .loginAs(coordinator)
    unknown.assertStatus(404)
  })

  test('a year that is not a year is refused with 422 and a Swedish message', async ({
    client,
  }) => {
    const coordinator = await UserFactory.create()
    const page = await client.get('/budget?ar=27').loginAs(coordinator)
    page.assertStatus(422)
    page.assertTextIncludes('Året &quot;27&quot; är inte ett år mellan 2000 och 2100')
  })

  test('the forecast method is saved per pool and year and the page names it', async ({
    client,
    assert,
  }) => {
    const { coordinator } = await controlLoopCity({ periods: [] })
    const saved = await client
      .post('/budget/2027/ETJANST/prognosmetod')
      .form({ method: 'run_rate' })
      .withCsrfToken()
      .loginAs(coordinator)
      .redirects(0)
    saved.assertStatus(302)
    const row = await db
      .from('forecast_methods as f')
      .join('cost_pools as p', 'p.id', 'f.cost_pool_id')
      .where('p.code', 'ETJANST')
      .where('f.year', 2027)
      .firstOrFail()
    assert.equal(row.method, 'run_rate')
    const page = await client.get('/budget?ar=2027').loginAs(coordinator)
    // no closed month yet: the page says run-rate falls back to the budget
    page.assertTextIncludes('Inga månader med utfall än: prognosen använder budgeten.')
    const bad = await client
      .post('/budget/2027/ETJANST/prognosmetod')
      .form({ method: 'gissning' })
      .withCsrfToken()
      .loginAs(coordinator)
      .redirects(0)
    bad.assertStatus(302)
    const still = await db
      .from('forecast_methods as f')
      .join('cost_pools as p', 'p.id', 'f.cost_pool_id')
      .where('p.code', 'ETJANST')
      .where('f.year', 2027)
      .firstOrFail()
    assert.equal(still.method, 'run_rate')
  })
})

test.group('Fee preview page and PDF', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("the office sees every organisation's fee and its change; a contact only their own", async ({
    client,
    assert,
  }) => {
    const { a, b, coordinator } = await cityWithBudgets()
    const page = await client.get('/avgifter?ar=2027').loginAs(coordinator)
    page.assertStatus(200)
    page.assertTextIncludes('Avgifter 2027')
    // ADM-A: TELEFONIST 33 000 + SAMORDNING 540 000 kr, against 30 000 + 540 000 kr
    page.assertTextIncludes(`573${NBSP}000,00${NBSP}kr`)
    page.assertTextIncludes(`570${NBSP}000,00${NBSP}kr`)
    page.assertTextIncludes(`+0,5${NBSP}%`)
    page.assertTextIncludes('ADM-B')
    page.assertTextIncludes('BOLAG-C')
    const contact = await UserFactory.merge({
      role: 'telefoniansvarig',
      organisationId: a.id,
    }).create()
    const own = await client.get('/avgifter?ar=2027').loginAs(contact)
    own.assertStatus(200)
    own.assertTextIncludes('Vad er organisation väntas betala 2027')
    own.assertTextIncludes(`573${NBSP}000,00${NBSP}kr`)
    own.assertTextIncludes('ADM-A')
    assert.notInclude(own.text(), 'ADM-B')
    assert.notInclude(own.text(), 'BOLAG-C')
    const theirs = await client.get(`/avgifter/2027/${b.id}/pdf`).loginAs(contact)
    theirs.assertStatus(404)
    const mine = await client.get(`/avgifter/2027/${a.id}/pdf`).loginAs(contact)
    mine.assertStatus(200)
    mine.assertHeader('content-type', 'application/pdf')
  })

  test("an organisation's PDF prints each pool's share with its basis, the total and the change (read back with pdf.js)", async ({
    assert,
  }) => {
    await cityWithBudgets()
    const comparison = await feeComparison(2027)
    const organisation = comparison.organisations.find((row) => row.code === 'BOLAG-C')!
    const pdf = await renderFeePreviewPdf(
      {
        year: 2027,
        organisation,
        pools: comparison.next.pools,
        currentOk: comparison.currentOk,
        today: '2026-12-03',
      },
      i18nManager.locale('sv')
    )
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ')
    assert.include(text, 'Preliminär avgift 2027 – BOLAG-C Bolaget C AB')
    // TELEFONIST 110 000 kr × 5/10, SAMORDNING 1 800 000 kr × 5/10
    assert.include(text, '55 000,00 kr')
    assert.include(text, '900 000,00 kr')
    assert.include(text, '955 000,00 kr')
    assert.include(text, '5 / 10')
    assert.include(text, 'anknytningar, Nyckel 2026-10-31')
    assert.include(text, 'Förändring mot 2026: 5 000,00 kr (+0,5 %)')
  })
})

test.group('JSON API for budget and fee preview', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a key reads the budget with its forecast and the fee preview in öre; a bad year is 422', async ({
    client,
    assert,
  }) => {
    await cityWithBudgets()
    const integration = await UserFactory.apply('controller').create()
    const token = (
      await User.accessTokens.create(integration, ['read'], { name: 'Ekonomi' })
    ).value!.release()
    const budget = await client.get('/api/v1/budget?year=2027').bearerToken(token)
    budget.assertStatus(200)
    const telefonist = budget.body().pools.find((p: { code: string }) => p.code === 'TELEFONIST')
    assert.include(telefonist, {
      budgetOre: 11_000_000,
      forecastOre: 11_000_000,
      method: 'budget',
      closedMonths: 0,
    })
    assert.deepEqual(telefonist.months[0], {
      month: 1,
      budgetOre: 11_000_000,
      actualOre: null,
      forecastOre: 11_000_000,
    })
    const preview = await client.get('/api/v1/fees/preview?year=2027').bearerToken(token)
    preview.assertStatus(200)
    const pool = preview.body().pools.find((p: { code: string }) => p.code === 'TELEFONIST')
    assert.deepEqual(pool.shares, [
      { organisation: 'ADM-A', count: 3, amountOre: 3_300_000 },
      { organisation: 'ADM-B', count: 2, amountOre: 2_200_000 },
      { organisation: 'BOLAG-C', count: 5, amountOre: 5_500_000 },
    ])
    assert.deepEqual(
      preview
        .body()
        .organisations.find((o: { organisation: string }) => o.organisation === 'ADM-A'),
      {
        organisation: 'ADM-A',
        nextOre: 57_300_000,
        currentOre: 57_000_000,
        changeOre: 300_000,
        changePermille: 5,
      }
    )
    const bad = await client.get('/api/v1/fees/preview?year=27').bearerToken(token)
    bad.assertStatus(422)
    assert.match(bad.body().errors[0].message, /"27" är inte ett år/)
  })

  test('a year with no budget and no register to allocate over is a normal question: 200, no pools, and the notes the page shows', async ({
    client,
    assert,
  }) => {
    const integration = await UserFactory.apply('controller').create()
    const token = (await User.accessTokens.create(integration, ['read'])).value!.release()
    const preview = await client.get('/api/v1/fees/preview?year=2031').bearerToken(token)
    preview.assertStatus(200)
    assert.equal(preview.body().year, 2031)
    assert.deepEqual(preview.body().pools, [])
    assert.include(preview.body().warnings, 'Ingen budget för 2031.')
    // every reason the page gives is among the notes
    const page = await client.get('/avgifter?ar=2031').loginAs(integration)
    page.assertStatus(200)
    for (const note of preview.body().warnings) page.assertTextIncludes(note)
  })

  test('each key has its own limit a minute: past it 429 with Retry-After, while another key still answers', async ({
    client,
    assert,
  }) => {
    const integration = await UserFactory.apply('controller').create()
    const first = await User.accessTokens.create(integration, ['read'], { name: 'Loop' })
    const second = await User.accessTokens.create(integration, ['read'], { name: 'Annan' })
    const key = `api_key_${first.identifier}`
    try {
      for (let i = 0; i < API_REQUESTS_PER_MINUTE; i++) {
        assert.isNull(await consumeApiRequest(String(first.identifier)))
      }
      const throttled = await client.get('/api/v1/periods').bearerToken(first.value!.release())
      throttled.assertStatus(429)
      assert.match(throttled.body().errors[0].message, /För många anrop med den här API-nyckeln/)
      assert.isAbove(Number(throttled.header('retry-after')), 0)
      const other = await client.get('/api/v1/periods').bearerToken(second.value!.release())
      other.assertStatus(200)
    } finally {
      // the limiter keeps its counts on a connection of its own, outside the test's transaction
      const store = limiter.use('database', {
        requests: API_REQUESTS_PER_MINUTE,
        duration: '1 min',
      })
      await store.delete(key)
      await store.delete(`api_key_${second.identifier}`)
    }
  })
})
