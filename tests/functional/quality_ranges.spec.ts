import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { rangeQuality } from '#queries/quality/range_quality'
import { monthQuality } from '#queries/quality/month_quality'
import { tertialReport } from '#queries/reports/tertial_report'
import { insertCallAggregates, type AggregateRow } from '#tests/helpers/call_aggregates'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { lastDayOfMonth } from '#domain/date_ranges'
import { addOpeningPeriod } from '#actions/quality/add_opening_period'

/** A small seeded generator, so a failing case can be run again. */
function random(seed: number) {
  let state = seed
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state % n
  }
}

const OUTCOMES = ['besvarat', 'kopplat', 'avbrutet', 'meddelande'] as const
const BUCKETS = [0, 2, 4, 5, 9, 10, 15, 20, 30, 45, 60, 65, 120, 180, 240, 301]

async function randomYear(seed: number, year: number) {
  const next = random(seed)
  const rows: AggregateRow[] = []
  for (let i = 0; i < 60; i++) {
    const month = 1 + next(12)
    const day = 1 + next(28)
    rows.push({
      hour: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(next(24)).padStart(2, '0')}:00:00Z`,
      outcome: OUTCOMES[next(4)],
      waitBucket: BUCKETS[next(BUCKETS.length)],
      calls: 1 + next(40),
      // four decimals of kronor, as the supplier writes them
      cost: next(100_000) / 10_000,
      entryNumber: next(3) === 0 ? '0850812000' : '0850811000',
    })
  }
  await insertCallAggregates(rows)
}

test.group('Tertial and annual report: the sum of its months', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('for random calls, each tertial report equals the sum of its months, also across a target change', async ({
    assert,
  }) => {
    // from May the contract counts within 30 s: each month keeps the target of its first day
    await db.table('quality_targets').insert({
      valid_from: '2026-05-01',
      target_seconds: 30,
      short_abandon_seconds: 5,
      service_level_target: 0.85,
      abandon_rate_target: 0.05,
    })
    for (const seed of [1, 7, 42]) {
      for (const table of ['call_daily', 'call_hourly', 'call_monthly', 'call_daily_open'])
        await db.from(table).delete()
      await db.from('call_monthly_open').delete()
      await randomYear(seed, 2026)
      for (const tertial of [1, 2, 3] as const) {
        const report = await tertialReport(2026, tertial)
        const sum = { offered: 0, answered: 0, within: 0, abandoned: 0, short: 0, costOre: 0 }
        for (let month = 1; month <= tertial * 4; month++) {
          const period = `2026-${String(month).padStart(2, '0')}`
          const { figures } = await monthQuality(period)
          sum.offered += figures.offered
          sum.answered += figures.answered
          sum.within += figures.answeredWithinTarget
          sum.abandoned += figures.abandoned
          sum.short += figures.shortAbandons
          const alone = await rangeQuality({
            from: `${period}-01`,
            to: lastDayOfMonth(2026, month),
          })
          sum.costOre += alone.costOre
        }
        const f = report.quality.figures
        const context = `seed ${seed}, T${tertial}`
        assert.equal(f.offered, sum.offered, context)
        assert.equal(f.answered, sum.answered, context)
        assert.equal(f.answeredWithinTarget, sum.within, context)
        assert.equal(f.abandoned, sum.abandoned, context)
        assert.equal(f.shortAbandons, sum.short, context)
        assert.equal(report.quality.costOre, sum.costOre, context)
        assert.equal(report.quality.months.length, tertial * 4)
        assert.isAbove(sum.offered, 0, context)
      }
    }
  }).timeout(60_000)

  test('the report compares with the same period last year and lists the organisations connected', async ({
    assert,
  }) => {
    await insertCallAggregates([
      {
        hour: '2026-03-02T08:00:00Z',
        outcome: 'besvarat',
        waitBucket: 20,
        calls: 30,
        cost: 12.3456,
      },
      { hour: '2025-03-03T08:00:00Z', outcome: 'besvarat', waitBucket: 90, calls: 10 },
    ])
    const joined = await OrganisationFactory.merge({ connectedFrom: '2026-02-01' } as any).create()
    const report = await tertialReport(2026, 1)
    assert.equal(report.quality.figures.offered, 30)
    assert.equal(report.qualityBefore.figures.offered, 10)
    assert.equal(report.qualityBefore.figures.serviceLevel, 0)
    assert.equal(report.quality.costOre, 1235)
    const listed = report.organisations.find((row) => row.code === joined.code)
    assert.isTrue(listed?.joinedInPeriod)
    assert.isNull(report.budget)
  })

  test('the report page and its PDF show the indicators against their targets', async ({
    client,
    assert,
  }) => {
    await insertCallAggregates([
      { hour: '2026-03-02T08:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 80 },
      { hour: '2026-03-02T09:00:00Z', outcome: 'avbrutet', waitBucket: 90, calls: 20 },
    ])
    const coordinator = await UserFactory.create()
    const page = await client.get('/rapporter/tertial?ar=2026&tertial=1').loginAs(coordinator)
    page.assertStatus(200)
    page.assertTextIncludes('Tertialrapport 1 2026')
    page.assertTextIncludes('80,0\u00a0%')
    page.assertTextIncludes('ej uppfyllt')
    const pdf = await client.get('/rapporter/tertial/2026/1/pdf').loginAs(coordinator)
    pdf.assertStatus(200)
    assert.equal(pdf.header('content-type'), 'application/pdf')
    const refused = await client.get('/rapporter/tertial?ar=1899&tertial=4').loginAs(coordinator)
    refused.assertStatus(422)
    refused.assertTextIncludes('Ange ett år mellan 2000 och 2100')
  })
})

test.group('Samtal & kvalitet for a date range', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the range page shows all hours beside opening hours and beside the same period last year', async ({
    client,
  }) => {
    await insertCallAggregates([
      // Monday 2026-10-05 09:00 in Stockholm: open; 20:00: closed
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 90 },
      { hour: '2026-10-05T18:00:00Z', outcome: 'avbrutet', waitBucket: 90, calls: 10 },
      { hour: '2025-10-06T07:00:00Z', outcome: 'besvarat', waitBucket: 90, calls: 40 },
      { hour: '2025-10-06T07:00:00Z', outcome: 'besvarat', waitBucket: 10, calls: 10 },
    ])
    const coordinator = await UserFactory.create()
    const response = await client
      .get('/samtal/intervall?fran=2026-10-01&till=2026-10-31')
      .loginAs(coordinator)
    response.assertStatus(200)
    const text = response.text()
    // all hours 90 of 100, opening hours 90 of 90, last year 10 of 50
    for (const figure of ['90,0\u00a0%', '100,0\u00a0%', '20,0\u00a0%', '2025-10-01 – 2025-10-31'])
      if (!text.includes(figure)) throw new Error(`saknar ${figure}`)
  })

  test('within opening hours follows the calendar: a closure day counts nothing, summer time ends earlier', async ({
    assert,
  }) => {
    await insertCallAggregates([
      // Monday 2026-06-22 15:30 local (13:00 UTC is 15:00 local): open normally until 16.30
      { hour: '2026-06-22T13:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 5 },
      { hour: '2026-06-22T14:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 7 },
    ])
    const range = { from: '2026-06-22', to: '2026-06-22' }
    assert.equal((await rangeQuality(range, { openHours: true })).figures.offered, 12)
    const coordinator = await UserFactory.create()
    const period = (kind: 'summer' | 'closed', startsOn: string, endsOn: string) =>
      addOpeningPeriod({ kind, startsOn, endsOn, note: '' }, coordinator.id)
    await period('summer', '2026-06-22', '2026-08-09')
    // summer: 8.00–16.00, the 16–17 hour is closed
    assert.equal((await rangeQuality(range, { openHours: true })).figures.offered, 5)
    await period('closed', '2026-06-22', '2026-06-22')
    assert.equal((await rangeQuality(range, { openHours: true })).figures.offered, 0)
    assert.equal((await rangeQuality(range)).figures.offered, 12)
    // the whole month reads the monthly sums: the same figures
    const june = { from: '2026-06-01', to: '2026-06-30' }
    assert.equal((await rangeQuality(june, { openHours: true })).figures.offered, 0)
    assert.equal((await rangeQuality(june)).figures.offered, 12)
  })

  test('a bad range is refused with status 422 and the form shown again', async ({ client }) => {
    const coordinator = await UserFactory.create()
    for (const query of ['fran=2026-02-30&till=2026-03-01', 'fran=2026-03-02&till=2026-03-01']) {
      const response = await client.get(`/samtal/intervall?${query}`).loginAs(coordinator)
      response.assertStatus(422)
      response.assertTextIncludes('id="fran"')
    }
  })

  test('quality:report --from --to gives the range in the month shape; a bad range exits 1 with the error JSON', async ({
    assert,
  }) => {
    await insertCallAggregates([
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 9 },
      { hour: '2026-11-02T07:00:00Z', outcome: 'avbrutet', waitBucket: 90, calls: 1 },
    ])
    const ace = (await import('@adonisjs/core/services/ace')).default
    ace.ui.switchMode('raw')
    try {
      const command = await ace.exec('quality:report', [
        '--from=2026-10-01',
        '--to=2026-11-30',
        '--json',
      ])
      assert.equal(command.exitCode, 0)
      const report = JSON.parse(ace.ui.logger.getLogs()[0].message)
      assert.containsSubset(report, {
        from: '2026-10-01',
        to: '2026-11-30',
        offered: 10,
        answered: 9,
        serviceLevel: 0.9,
        abandonRate: 0.1,
      })
      assert.notProperty(report, 'period')
      assert.lengthOf(report.days, 2)
      ace.ui.logger.flushLogs()
      const bad = await ace.exec('quality:report', [
        '--from=2026-11-30',
        '--to=2026-10-01',
        '--json',
      ])
      assert.equal(bad.exitCode, 1)
      const error = JSON.parse(ace.ui.logger.getLogs()[0].message)
      assert.equal(error.status, 'error')
      assert.include(error.errors[0].message, 'Slutdatumet ligger före startdatumet')
    } finally {
      ace.ui.switchMode('normal')
    }
  })

  test('the API gives a range with its months and answer times; a bad range is 422', async ({
    client,
    assert,
  }) => {
    await insertCallAggregates([
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 10, calls: 3 },
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 120, calls: 1 },
    ])
    const integration = await UserFactory.apply('controller').create()
    const token = await User.accessTokens.create(integration, ['read'], { name: 'BI' })
    const response = await client
      .get('/api/v1/quality?from=2026-10-01&to=2026-10-31')
      .bearerToken(token.value!.release())
    response.assertStatus(200)
    const body = response.body()
    assert.equal(body.offered, 4)
    assert.deepEqual(body.answerTimes[0], {
      withinSeconds: 10,
      answered: 3,
      shareOfAnswered: 0.75,
      shareOfOffered: 0.75,
    })
    assert.equal(body.answerTimes[4].answered, 4)
    assert.lengthOf(body.months, 1)
    assert.equal(body.openingHours.offered, 4)
    const bad = await client
      .get('/api/v1/quality?from=2026-10-01&to=nej')
      .bearerToken(token.value!.release())
    bad.assertStatus(422)
    assert.equal(bad.body().status, 'error')
  })
})

test.group('Opening calendar', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the coordinator changes the hours and adds a closure day; a bad time is refused in Swedish', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const saved = await client
      .post('/samtal/oppettider')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ season: 'normal', opens_1: '7.30', closes_1: '17' })
      .redirects(0)
    saved.assertStatus(302)
    const rows = await db.from('opening_hours').where('season', 'normal')
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].opens, '07:30:00')
    const refused = await client
      .post('/samtal/oppettider')
      .loginAs(coordinator)
      .withCsrfToken()
      .header('referer', '/samtal/oppettider')
      .form({ season: 'normal', opens_1: '17.00', closes_1: '8.00' })
    refused.assertTextIncludes('stängningstiden måste vara efter öppningstiden')
    assert.lengthOf(await db.from('opening_hours').where('season', 'normal'), 1)
    const period = await client
      .post('/samtal/oppettider/perioder')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ kind: 'closed', startsOn: '2026-12-24', endsOn: '2026-12-26', note: 'Jul' })
      .redirects(0)
    period.assertStatus(302)
    const tooLong = await client
      .post('/samtal/oppettider/perioder')
      .loginAs(coordinator)
      .withCsrfToken()
      .header('referer', '/samtal/oppettider')
      .form({ kind: 'summer', startsOn: '2026-01-01', endsOn: '2028-01-01' })
    tooLong.assertTextIncludes('högst ett år')
    assert.lengthOf(await db.from('opening_periods'), 1)
  })
})

test.group('Calls behind the figures', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  async function calls(
    rows: [string, string, string, number, number | null, string][]
  ): Promise<void> {
    const [record] = await db
      .table('imports')
      .insert({
        type: 'calls',
        file_name: 'x.csv',
        checksum: 'x',
        idempotency_key: 'x',
        status: 'imported',
      })
      .returning('id')
    for (const [id, startedAt, outcome, wait, organisationId, entry] of rows) {
      await db.table('call_records').insert({
        call_id: id,
        started_at: startedAt,
        entry_number: entry,
        wait_seconds: wait,
        talk_seconds: 60,
        outcome,
        extension: organisationId ? '0850800001' : null,
        cost: 3.95,
        organisation_id: organisationId,
        import_id: record.id,
      })
    }
    await insertCallAggregates([
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 1, calls: 1 },
    ])
  }

  test('a contact sees only the calls transferred to their organisation, also when searching by id', async ({
    client,
  }) => {
    const { user, organisation } = await createContact()
    const other = await OrganisationFactory.create()
    await calls([
      ['EGEN-1', '2026-10-05T07:10:00Z', 'kopplat', 12, organisation.id, '0850811000'],
      ['ANNAN-1', '2026-10-05T07:20:00Z', 'kopplat', 15, other.id, '0850811000'],
      ['EJ-KOPPLAT', '2026-10-05T07:30:00Z', 'besvarat', 5, null, '0850811000'],
    ])
    const list = await client.get('/samtal/samtalslista?fran=2026-10-05').loginAs(user)
    list.assertStatus(200)
    list.assertTextIncludes('EGEN-1')
    for (const hidden of ['ANNAN-1', 'EJ-KOPPLAT'])
      if (list.text().includes(hidden)) throw new Error(`${hidden} syns för kontakten`)
    // asking for another organisation's calls is refused, and shows none of them
    const forced = await client
      .get(`/samtal/samtalslista?fran=2026-10-05&organisation=${other.id}`)
      .loginAs(user)
    forced.assertStatus(422)
    forced.assertTextIncludes('Organisation: du ser bara samtalen för din organisation')
    if (forced.text().includes('ANNAN-1')) throw new Error('ANNAN-1 syns för kontakten')
    // their own organisation asked for by id is their list as before
    const own = await client
      .get(`/samtal/samtalslista?fran=2026-10-05&organisation=${organisation.id}`)
      .loginAs(user)
    own.assertStatus(200)
    own.assertTextIncludes('EGEN-1')
    const search = await client.get('/samtal/samtalslista?samtal=ANNAN-1').loginAs(user)
    search.assertTextIncludes('Inget samtal med id ANNAN-1 som du kan se')
  })

  test('the office filters by entry, outcome, wait and hour, newest first, and finds a call by id', async ({
    client,
    assert,
  }) => {
    const organisation = await OrganisationFactory.create()
    await calls([
      ['A-1', '2026-10-05T07:10:00Z', 'besvarat', 12, null, '0850811000'],
      ['A-2', '2026-10-05T07:50:00Z', 'kopplat', 75, organisation.id, '0850811000'],
      ['A-3', '2026-10-05T08:10:00Z', 'avbrutet', 30, null, '0850811000'],
      ['B-1', '2026-10-05T07:15:00Z', 'besvarat', 3, null, '0850812000'],
    ])
    const coordinator = await UserFactory.create()
    const answeredWithin60 = await client
      .get(
        '/samtal/samtalslista?fran=2026-10-05&ingang=0850811000&utfall=besvarade&vantetidHogst=60'
      )
      .loginAs(coordinator)
    answeredWithin60.assertStatus(200)
    const text = answeredWithin60.text()
    assert.include(text, 'A-1')
    for (const hidden of ['A-2', 'A-3', 'B-1']) assert.notInclude(text, `>${hidden}<`)
    // 09:xx in Stockholm: and B-1, newest first
    const nine = await client
      .get('/samtal/samtalslista?fran=2026-10-05&timme=9')
      .loginAs(coordinator)
    const order = ['A-2', 'B-1', 'A-1'].map((id) => nine.text().indexOf(`>${id}<`))
    assert.isTrue(order.every((at) => at > 0) && order[0] < order[1] && order[1] < order[2])
    assert.notInclude(nine.text(), '>A-3<')
    const found = await client.get('/samtal/samtalslista?samtal=A-2').loginAs(coordinator)
    found.assertTextIncludes('Samtal A-2')
    found.assertTextIncludes(organisation.name)
  })

  test('every page continues from the last call shown (Äldre/Nyare): no call twice or left out, a contact only their own', async ({
    client,
    assert,
  }) => {
    const { user, organisation } = await createContact()
    // 130 calls on one day, several in the same second (the id decides among them); every
    // third is the contact's organisation's
    const rows: [string, string, string, number, number | null, string][] = []
    for (let i = 0; i < 130; i++) {
      const second = Math.floor(i / 3)
      const at = `2026-10-05T07:${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}Z`
      rows.push([
        `K-${String(i).padStart(3, '0')}`,
        at,
        'kopplat',
        10,
        i % 3 === 0 ? organisation.id : null,
        '0850811000',
      ])
    }
    await calls(rows)
    const coordinator = await UserFactory.create()
    const idsOf = (html: string) => [...html.matchAll(/>(K-\d{3})</g)].map((match) => match[1])
    const link = (html: string, rel: 'next' | 'prev') => {
      const found = new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html)
      return found ? found[1].replaceAll('&amp;', '&') : null
    }
    const pages: string[][] = []
    let url: string | null = '/samtal/samtalslista?fran=2026-10-05'
    const htmls: string[] = []
    while (url) {
      const response = await client.get(url).loginAs(coordinator)
      response.assertStatus(200)
      htmls.push(response.text())
      pages.push(idsOf(response.text()))
      url = link(response.text(), 'next')
    }
    assert.deepEqual(
      pages.map((page) => page.length),
      [50, 50, 30]
    )
    const newestFirst = rows.map((row) => row[0]).reverse()
    assert.deepEqual(pages.flat(), newestFirst)
    assert.include(htmls[2], 'Sida 3')
    // back from the last page: the middle page again, then the first (a plain link)
    const back = await client.get(link(htmls[2], 'prev')!).loginAs(coordinator)
    assert.deepEqual(idsOf(back.text()), pages[1])
    assert.notInclude(link(back.text(), 'prev')!, 'nyare=')
    // a contact pages through their own calls only
    const own: string[] = []
    url = '/samtal/samtalslista?fran=2026-10-05'
    while (url) {
      const response = await client.get(url).loginAs(user)
      own.push(...idsOf(response.text()))
      url = link(response.text(), 'next')
    }
    assert.deepEqual(
      own,
      newestFirst.filter((id) => Number(id.slice(2)) % 3 === 0)
    )
    // a link that is not one of ours: 422 and a Swedish message, never a 500
    for (const bad of ['aldre=x', 'nyare=2026-10-05T07:00:00.000000Z', 'aldre=a~b&nyare=a~b']) {
      const response = await client
        .get(`/samtal/samtalslista?fran=2026-10-05&${bad}`)
        .loginAs(coordinator)
      response.assertStatus(422)
      response.assertTextIncludes('länken till den är felaktig')
    }
  })

  test('hostile filters are refused with 422 and a Swedish message, never a 500', async ({
    client,
  }) => {
    const coordinator = await UserFactory.create()
    for (const [query, message] of [
      ['fran=2026-02-30', 'Från och med: ange ett datum som finns, ÅÅÅÅ-MM-DD.'],
      ['fran=2026-10-05&timme=99', 'Timme (0–23): ange ett heltal från 0 till 23.'],
      [
        'fran=2026-10-05&organisation=99999999999',
        'det finns ingen organisation med id 99999999999',
      ],
      ['fran=2026-10-05&ingang=%27%20OR%201%3D1', 'Ingång: ange ett nummer med bara siffror'],
      ['fran=2026-10-05&utfall=allt', 'Utfall: välj ett av Besvarat, Kopplat'],
      [`samtal=${'x'.repeat(65)}`, 'högst 64 tecken'],
    ]) {
      const response = await client.get(`/samtal/samtalslista?${query}`).loginAs(coordinator)
      response.assertStatus(422)
      response.assertTextIncludes(message)
    }
  })

  test('every filter that cannot be used is refused with 422 naming the field and the allowed values, the form keeping what was typed', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const known = await OrganisationFactory.create()
    const cases: [string, string, string, string][] = [
      // query, field, message, value shown again
      [
        'vantetidHogst=999999',
        'vantetidHogst',
        'Väntetid högst (s): ange ett heltal från 0 till 100\u00a0000.',
        '999999',
      ],
      [
        'vantetidOver=-5',
        'vantetidOver',
        'Väntetid över (s): ange ett heltal från 0 till 100\u00a0000.',
        '-5',
      ],
      ['veckodag=8', 'veckodag', 'Veckodag (1 = måndag): ange ett heltal från 1 till 7.', '8'],
      [
        'ingang=08abc',
        'ingang',
        'Ingång: ange ett nummer med bara siffror (och +), högst 20 siffror.',
        '08abc',
      ],
      ['anknytning=12%2034', 'anknytning', 'Anknytning: ange ett nummer med bara siffror', '12 34'],
      [
        'utfall=upptaget',
        'utfall',
        'Utfall: välj ett av Besvarat, Kopplat, Avbrutet, Meddelande, Alla besvarade.',
        '',
      ],
      [
        'fran=2026-10-05&till=2026-10-01',
        'till',
        'Till och med (2026-10-01) ligger före Från och med (2026-10-05)',
        '2026-10-01',
      ],
      [
        'fran=2010-01-01&till=2026-10-01',
        'till',
        'Till och med: intervallet får vara högst 3\u00a0653 dagar (tio år); det valda är 6\u00a0118 dagar.',
        '2026-10-01',
      ],
      [
        'till=2026-13-01',
        'till',
        'Till och med: ange ett datum som finns, ÅÅÅÅ-MM-DD.',
        '2026-13-01',
      ],
      [
        `organisation=${known.id + 1000}`,
        'organisation',
        `Organisation: det finns ingen organisation med id ${known.id + 1000}; välj en i listan.`,
        '',
      ],
      [
        'organisation=bromma',
        'organisation',
        'Organisation: det finns ingen organisation med id bromma',
        '',
      ],
    ]
    for (const [query, field, message, typed] of cases) {
      const response = await client.get(`/samtal/samtalslista?${query}`).loginAs(coordinator)
      response.assertStatus(422)
      const html = response.text().replaceAll('&nbsp;', '\u00a0')
      assert.include(html, `id="filter-${field}-error">${message}`, query)
      assert.include(html, 'Filtret kunde inte användas', query)
      // no calls and no count are shown for a filter that was not used
      assert.notInclude(html, 'class="call-count"', query)
      if (typed) assert.include(html, `name="${field}" type=`, query)
      if (typed) assert.match(html, new RegExp(`name="${field}"[^>]*value="${typed}"`), query)
    }
    // the other fields keep what was typed too
    const both = await client
      .get('/samtal/samtalslista?fran=2026-10-05&till=2026-10-01&ingang=0850811000&timme=9')
      .loginAs(coordinator)
    both.assertStatus(422)
    for (const [name, value] of [
      ['fran', '2026-10-05'],
      ['till', '2026-10-01'],
      ['ingang', '0850811000'],
      ['timme', '9'],
    ])
      assert.match(both.text(), new RegExp(`name="${name}"[^>]*value="${value}"`), name)
    // a known organisation is used, and a valid filter shows its count
    const fine = await client
      .get(`/samtal/samtalslista?fran=2026-10-05&organisation=${known.id}`)
      .loginAs(coordinator)
    fine.assertStatus(200)
    fine.assertTextIncludes('0 samtal matchar filtret')
  })
})
