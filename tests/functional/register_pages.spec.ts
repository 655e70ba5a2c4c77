import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import type Organisation from '#models/organisation'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'
import { pdfText } from '#tests/helpers/pdf_text'

async function extension(
  organisation: Organisation,
  number: string,
  from: string,
  to: string | null = null
) {
  await db.table('extensions').insert({
    number,
    organisation_id: organisation.id,
    name: `Linje ${number}`,
    valid_from: from,
    valid_to: to,
  })
}

test.group('Extensions pages', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("a telephony contact sees only their own organisation's extensions, whatever the filter says", async ({
    client,
    assert,
  }) => {
    const { user, organisation } = await createContact()
    const other = await OrganisationFactory.create()
    await extension(organisation, '0850810001', '2025-01-01')
    await extension(other, '0850820001', '2025-01-01')
    const page = await client.get(`/anknytningar?organisation=${other.id}`).loginAs(user)
    page.assertTextIncludes('0850810001')
    assert.notInclude(page.text(), '0850820001')
    const counts = await client.get('/anknytningar/antal').loginAs(user)
    counts.assertTextIncludes(organisation.code)
    assert.notInclude(counts.text(), other.code)
    const csv = await client.get(`/anknytningar/export?organisation=${other.id}`).loginAs(user)
    assert.include(csv.text(), '0850810001')
    assert.notInclude(csv.text(), '0850820001')
    const history = await client.get('/anknytningar/0850820001').loginAs(user)
    history.assertStatus(404)
  })

  test('"per datum" shows the register as it was on that date', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const organisation = await OrganisationFactory.create()
    await extension(organisation, '0850810001', '2025-01-01', '2025-06-30')
    await extension(organisation, '0850810002', '2025-07-01')
    const early = await client.get('/anknytningar?per=2025-03-01').loginAs(user)
    early.assertTextIncludes('0850810001')
    assert.notInclude(early.text(), '0850810002')
    const late = await client.get('/anknytningar?per=2025-07-01').loginAs(user)
    late.assertTextIncludes('0850810002')
    assert.notInclude(late.text(), '0850810001')
  })

  test('extensions of an organisation inactive on the date are listed as not chargeable', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.apply('controller').create()
    const closed = await OrganisationFactory.merge({
      code: 'SDF-ALVSJO',
      activeTo: DateTime.fromISO('2019-12-31'),
    }).create()
    const open = await OrganisationFactory.create()
    await extension(closed, '0850840001', '2019-01-01')
    await extension(open, '0850810001', '2019-01-01')
    const page = await client.get('/anknytningar/ej-fordelningsbara?per=2020-01-15').loginAs(user)
    page.assertTextIncludes('0850840001')
    page.assertTextIncludes('SDF-ALVSJO')
    assert.notInclude(page.text(), '0850810001')
  })
})

test.group('Headcount page', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an active administration without a figure for the month is listed as missing; companies are not', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const reported = await OrganisationFactory.merge({ code: 'UTBF' }).create()
    await OrganisationFactory.merge({ code: 'SOCF', name: 'Socialförvaltningen' }).create()
    await OrganisationFactory.apply('company').merge({ code: 'STOCKHOLMSHEM' }).create()
    await db
      .table('headcounts')
      .insert({ organisation_id: reported.id, month: '2025-10', employees: 3400 })
    const page = await client.get('/anstallda?manad=2025-10').loginAs(user)
    page.assertTextIncludes('1 förvaltning saknar antal anställda för oktober 2025')
    page.assertTextIncludes('SOCF – Socialförvaltningen')
    assert.notInclude(page.text(), 'STOCKHOLMSHEM –')
    page.assertTextIncludes('3\u00a0400')
  })
})

test.group('Overview call volumes', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("a telephony contact sees the calls transferred to their organisation, not the city's total", async ({
    client,
  }) => {
    const { user, organisation } = await createContact()
    const other = await OrganisationFactory.create()
    const hour = '2026-10-05T07:00:00Z'
    await insertCallAggregates([
      { hour, outcome: 'kopplat', waitBucket: 10, calls: 12, organisationId: organisation.id },
      { hour, outcome: 'kopplat', waitBucket: 20, calls: 500, organisationId: other.id },
      { hour, outcome: 'besvarat', waitBucket: 10, calls: 300 },
    ])
    const mine = await client.get('/oversikt').loginAs(user)
    mine.assertTextIncludes('Samtal kopplade till din organisation')
    mine.assertTextIncludes('<td class="num">12</td>')
    const coordinator = await UserFactory.create()
    const city = await client.get('/oversikt').loginAs(coordinator)
    city.assertTextIncludes('<td class="num">812</td>')
  })
})

test.group('Calls and quality page', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  async function month(organisationId: number, otherId: number) {
    await insertCallAggregates([
      {
        hour: '2026-10-05T07:00:00Z',
        outcome: 'kopplat',
        waitBucket: 20,
        calls: 80,
        organisationId,
      },
      {
        hour: '2026-10-05T07:00:00Z',
        outcome: 'kopplat',
        waitBucket: 90,
        calls: 20,
        organisationId: otherId,
      },
      { hour: '2026-10-06T07:00:00Z', outcome: 'avbrutet', waitBucket: 30, calls: 5 },
      { hour: '2026-10-06T07:00:00Z', outcome: 'avbrutet', waitBucket: 2, calls: 7 },
    ])
  }

  test('the coordinator sees the month against the targets, with the formula written out, and per day', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    const a = await OrganisationFactory.create()
    const b = await OrganisationFactory.create()
    await month(a.id, b.id)
    const page = await client.get('/samtal?manad=2026-10').loginAs(user)
    // offered 105 (100 answered + 5 abandoned; 7 short abandons excluded), 80 within 60 s
    page.assertTextIncludes('76,2\u00a0%')
    page.assertTextIncludes('Besvarade med väntetid högst 60 s (80) delat med erbjudna (105)')
    page.assertTextIncludes('7 korta avbrott (under 5 s) räknas inte')
    page.assertTextIncludes('Ej uppfyllt')
    page.assertTextIncludes('2026-10-06')
    // 2026-10-05 07:00 UTC is a Monday 09:00 in Stockholm: 100 offered, 80 within target
    page.assertTextIncludes('Veckodag × timme')
    page.assertTextIncludes('<th scope="col" class="num">09</th>')
    page.assertTextIncludes('80,0 %<br /><span class="hint">100</span>')
    page.assertTextIncludes(
      '<td>0850811000</td><td class="num">105</td><td class="num">76,2 %</td>'
    )
    page.assertTextIncludes('oktober 2026</a></td>')
    const csv = await client.get('/samtal/2026-10/dagar').loginAs(user)
    csv.assertTextIncludes('2026-10-05;100;100;80;0;0;80,0;0,0;')
    const heatmap = await client.get('/samtal/2026-10/dagar?vy=veckodag').loginAs(user)
    // the hour and the month are text for Excel ("07", not 7; not a date)
    heatmap.assertTextIncludes('1;"=""09""";100;100;80;0;0;80,0;0,0;')
    const trend = await client.get('/samtal/2026-10/dagar?vy=trend').loginAs(user)
    trend.assertTextIncludes('"=""2026-10""";105;100;80;5;7;76,2;4,8;')
  })

  test("the supplier follow-up PDF shows the month's figures against the targets", async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const a = await OrganisationFactory.create()
    const b = await OrganisationFactory.create()
    await month(a.id, b.id)
    const response = await client.get('/samtal/2026-10/leverantorsrapport').loginAs(user)
    response.assertHeader('content-type', 'application/pdf')
    const text = (await pdfText(response.body() as unknown as Buffer)).replace(/\s+/g, ' ')
    assert.include(text, 'Uppföljning av telefonisttjänsten – oktober 2026')
    assert.include(text, 'Svarsandel inom 60 s 76,2 % minst 85,0 % ej uppfyllt')
    assert.include(text, 'Korta avbrott (< 5 s, räknas inte) 7')
  })

  test("a contact downloads their own organisation's monthly report, not another's", async ({
    client,
    assert,
  }) => {
    const { user, organisation } = await createContact()
    const other = await OrganisationFactory.create()
    await month(organisation.id, other.id)
    const own = await client.get(`/samtal/2026-10/organisation/${organisation.id}`).loginAs(user)
    own.assertStatus(200)
    const text = (await pdfText(own.body() as unknown as Buffer)).replace(/\s+/g, ' ')
    assert.include(text, `${organisation.name} (${organisation.code})`)
    assert.include(
      text,
      '80 samtal kopplades eller lämnade meddelande hos er, 80,0 % av stadens kopplade samtal'
    )
    const foreign = await client.get(`/samtal/2026-10/organisation/${other.id}`).loginAs(user)
    foreign.assertStatus(403)
  })

  test('a telephony contact sees only the calls transferred to their organisation and its share', async ({
    client,
    assert,
  }) => {
    const { user, organisation } = await createContact()
    const other = await OrganisationFactory.create()
    await month(organisation.id, other.id)
    const page = await client.get('/samtal?manad=2026-10').loginAs(user)
    page.assertTextIncludes('Samtal till din organisation')
    page.assertTextIncludes('80,0\u00a0%')
    page.assertTextIncludes('oktober 2026</a></td><td class="num">80</td>')
    assert.notInclude(page.text(), 'Svarsandel inom')
    const csv = await client.get('/samtal/2026-10/dagar').loginAs(user)
    csv.assertStatus(403)
  })
})
