import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Organisation from '#models/organisation'
import AuditEntry from '#models/audit_entry'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'

const valid = {
  code: 'SDF-BROMMA',
  name: 'Bromma stadsdelsförvaltning',
  kind: 'forvaltning',
  costCentre: '20100',
  invoiceReference: 'Växel Bromma',
  activeFrom: '2009-01-01',
}

test.group('Organisations register / pages', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the list searches code and name and filters by kind', async ({ client, assert }) => {
    const user = await UserFactory.create()
    await OrganisationFactory.merge({
      code: 'SDF-BROMMA',
      name: 'Bromma stadsdelsförvaltning',
    }).create()
    await OrganisationFactory.merge({
      code: 'STOCKHOLMSHEM',
      name: 'AB Stockholmshem',
      kind: 'bolag',
    }).create()
    const search = await client.get('/organisationer?q=bromma').loginAs(user)
    search.assertTextIncludes('Bromma stadsdelsförvaltning')
    assert.notInclude(search.text(), 'AB Stockholmshem')
    const companies = await client.get('/organisationer?kind=bolag').loginAs(user)
    companies.assertTextIncludes('AB Stockholmshem')
    assert.notInclude(companies.text(), 'Bromma stadsdelsförvaltning')
  })

  test('inactive organisations are hidden by default and shown on request', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.apply('controller').create()
    await OrganisationFactory.merge({
      code: 'SDF-ALVSJO',
      name: 'Älvsjö stadsdelsförvaltning',
      activeTo: (await import('luxon')).DateTime.fromISO('2019-12-31'),
    }).create()
    const active = await client.get('/organisationer').loginAs(user)
    assert.notInclude(active.text(), 'Älvsjö')
    const inactive = await client.get('/organisationer?status=inactive').loginAs(user)
    inactive.assertTextIncludes('Älvsjö stadsdelsförvaltning')
  })

  test('a telephony contact sees their own organisation but gets 403 on another', async ({
    client,
    assert,
  }) => {
    const { user, organisation } = await createContact()
    const other = await OrganisationFactory.create()
    const own = await client.get(`/organisationer/${organisation.id}`).loginAs(user)
    own.assertStatus(200)
    own.assertTextIncludes(organisation.name)
    const foreign = await client.get(`/organisationer/${other.id}`).loginAs(user)
    foreign.assertStatus(403)
    foreign.assertTextIncludes('Du har inte behörighet')
    assert.notInclude(foreign.text(), other.name)
  })
})

test.group('Organisations register / create and edit', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the coordinator creates an organisation and the audit log records it', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/organisationer')
      .loginAs(user)
      .withCsrfToken()
      .form(valid)
      .redirects(0)
    const organisation = await Organisation.findByOrFail('code', 'SDF-BROMMA')
    response.assertHeader('location', `/organisationer/${organisation.id}`)
    const audit = await AuditEntry.query()
      .where('entity_type', 'organisation')
      .where('entity_id', String(organisation.id))
      .firstOrFail()
    assert.equal(audit.userId, user.id)
    assert.equal(audit.action, 'create')
  })

  test('invalid input is refused with Swedish messages per field and nothing is stored', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    await OrganisationFactory.merge({ code: 'SF' }).create()
    const response = await client
      .post('/organisationer')
      .loginAs(user)
      .withCsrfToken()
      .form({
        code: 'SF',
        name: '',
        kind: 'förbund',
        activeFrom: '2020-01-01',
        activeTo: '2019-01-01',
      })
      .redirects(0)
    response.assertFlashMessage('inputErrorsBag', {
      code: ['Kod används redan'],
      name: ['Namn måste fyllas i'],
      kind: ['Välj ett av alternativen för Typ'],
      activeTo: ['Aktiv till får inte ligga före Aktiv från'],
    })
    assert.equal(Number((await Organisation.query().count('* as total').first())!.$extras.total), 1)
  })

  test('editing records what changed, from and to, in the history shown on the page', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const organisation = await OrganisationFactory.merge({
      code: 'SDF-BROMMA',
      costCentre: '20100',
    }).create()
    await client
      .put(`/organisationer/${organisation.id}`)
      .loginAs(user)
      .withCsrfToken()
      .form({ ...valid, costCentre: '20199' })
      .redirects(0)
    await organisation.refresh()
    assert.equal(organisation.costCentre, '20199')
    const page = await client.get(`/organisationer/${organisation.id}`).loginAs(user)
    page.assertTextIncludes('Kostnadsställe: 20100 → 20199')
    page.assertTextIncludes(user.fullName)
  })

  test('the coordinator uploads a CSV file and lands on the import with its outcome', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/administration/import/organisations')
      .loginAs(user)
      .withCsrfToken()
      .file('file', new URL('../fixtures/organisations/valid_excel.csv', import.meta.url).pathname)
      .redirects(0)
    const location = response.header('location')!
    assert.match(location, /^\/administration\/importer\/\d+$/)
    const page = await client.get(location).loginAs(user)
    page.assertTextIncludes('Inläst')
    assert.isNotNull(await Organisation.findBy('code', 'STOCKHOLMSHEM'))
  })

  test('a rejected upload shows every error by line and column, downloadable as CSV', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/administration/import/organisations')
      .loginAs(user)
      .withCsrfToken()
      .file('file', new URL('../fixtures/organisations/bad_kind.csv', import.meta.url).pathname)
      .redirects(0)
    const page = await client.get(response.header('location')!).loginAs(user)
    page.assertTextIncludes('Avvisad')
    page.assertTextIncludes('Ingenting från filen har sparats')
    page.assertTextIncludes('rad 3: Typ &quot;förbund&quot; är ingen giltig typ')
    const csv = await client.get(`${response.header('location')!}/fel`).loginAs(user)
    csv.assertHeader('content-type', 'text/csv; charset=utf-8')
    csv.assertTextIncludes('Rad;Kolumn;Fel\r\n3;Typ;')
  })
})
