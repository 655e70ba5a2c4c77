/**
 * Issue 16, point 6 (docs/adr/0028): a telephony contact of several organisations
 * switches between them in the header; every organisation-scoped page stays scoped to
 * the chosen one, and no tampering reaches an organisation that is not theirs.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import ace from '@adonisjs/core/services/ace'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import type Organisation from '#models/organisation'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'

/** Run `users:create … --json` in this process: its exit code and its one JSON document. */
async function usersCreate(args: string[]) {
  ace.ui.switchMode('raw')
  try {
    const result = await ace.exec('users:create', [...args, '--json'])
    const stdout = ace.ui.logger.getLogs().filter((log) => log.stream === 'stdout')
    return { exitCode: result.exitCode, output: JSON.parse(stdout.at(-1)!.message) }
  } finally {
    ace.ui.switchMode('normal')
  }
}

async function extension(organisation: Organisation, number: string) {
  await db.table('extensions').insert({
    number,
    organisation_id: organisation.id,
    name: `Anknytning ${organisation.code}`,
    valid_from: '2020-01-01',
  })
}

/** A contact of A (home) and B, and an organisation C that is not theirs, each with an extension. */
async function contactOfTwo() {
  const { user, organisation: a } = await createContact()
  const b = await OrganisationFactory.create()
  const c = await OrganisationFactory.create()
  await db.table('user_organisations').insert({ user_id: user.id, organisation_id: b.id })
  await extension(a, '0850811111')
  await extension(b, '0850822222')
  await extension(c, '0850833333')
  return { user, a, b, c }
}

const choice = (user: User, organisation: Organisation) => ({
  organisationChoice: { userId: user.id, organisationId: organisation.id },
})

test.group('Contacts for several organisations', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a contact of two organisations sees the selector and, after switching, only the chosen one', async ({
    client,
    assert,
  }) => {
    const { user, a, b } = await contactOfTwo()
    const start = await client.get('/oversikt').loginAs(user)
    start.assertStatus(200)
    start.assertTextIncludes('name="organisationId"')
    start.assertTextIncludes(b.name)

    const switched = await client
      .post('/valj-organisation')
      .loginAs(user)
      .withCsrfToken()
      .form({ organisationId: b.id })
      .redirects(0)
    switched.assertStatus(302)
    switched.assertSession('organisationChoice', { userId: user.id, organisationId: b.id })

    const page = await client.get('/anknytningar').loginAs(user).withSession(choice(user, b))
    page.assertStatus(200)
    page.assertTextIncludes('0850822222')
    assert.notInclude(page.text(), '0850811111')
    // the organisation pages follow the choice: B now, A not while acting for B
    ;(
      await client.get(`/organisationer/${b.id}`).loginAs(user).withSession(choice(user, b))
    ).assertStatus(200)
    ;(
      await client.get(`/organisationer/${a.id}`).loginAs(user).withSession(choice(user, b))
    ).assertStatus(403)
  })

  test('an item of another of the contact’s own organisations says whose it is and offers the switch back to the page; a stranger’s is a plain 404', async ({
    client,
    assert,
  }) => {
    const { user, a, b, c } = await contactOfTwo()
    const feedbackOf = async (organisationId: number) => {
      const [row] = await db
        .table('organisation_feedback')
        .insert({
          organisation_id: organisationId,
          type: 'klagomal',
          received_on: '2026-11-30',
          description: 'Uppringaren kopplades till fel enhet.',
          forwarded_at: new Date('2026-11-30T09:00:00Z'),
        })
        .returning('id')
      return Number(row.id)
    }
    const orderOf = async (organisationId: number) => {
      const [row] = await db
        .table('extension_orders')
        .insert({
          organisation_id: organisationId,
          kind: 'remove',
          number: '0850811111',
          wished_date: '2026-12-01',
          ordered_by: user.id,
        })
        .returning('id')
      return Number(row.id)
    }
    const ofA = await feedbackOf(a.id)
    const ofC = await feedbackOf(c.id)

    // acting for B, A's feedback: not shown, but named, with the switch
    const page = await client.get(`/aterkoppling/${ofA}`).loginAs(user).withSession(choice(user, b))
    page.assertStatus(404)
    page.assertTextIncludes(`Återkopplingen gäller ${a.name}.`)
    page.assertTextIncludes(`Byt till ${a.name}`)
    page.assertTextIncludes(`name="tillbaka" value="/aterkoppling/${ofA}"`)
    assert.notInclude(page.text(), 'Uppringaren kopplades till fel enhet.')

    // the button switches and returns to the page, which now shows the feedback
    const switched = await client
      .post('/valj-organisation')
      .loginAs(user)
      .withSession(choice(user, b))
      .withCsrfToken()
      .form({ organisationId: a.id, tillbaka: `/aterkoppling/${ofA}` })
      .redirects(0)
    switched.assertStatus(302)
    assert.equal(switched.header('location'), `/aterkoppling/${ofA}`)
    switched.assertSession('organisationChoice', { userId: user.id, organisationId: a.id })
    const shown = await client
      .get(`/aterkoppling/${ofA}`)
      .loginAs(user)
      .withSession(choice(user, a))
    shown.assertStatus(200)
    shown.assertTextIncludes('Uppringaren kopplades till fel enhet.')

    // a return address off the site is ignored: the start page
    const away = await client
      .post('/valj-organisation')
      .loginAs(user)
      .withCsrfToken()
      .form({ organisationId: a.id, tillbaka: '//evil.example/x' })
      .redirects(0)
    assert.equal(away.header('location'), '/oversikt')

    // the same for an extension order
    const order = await orderOf(a.id)
    const orderPage = await client
      .get(`/anknytningar/bestallningar/${order}`)
      .loginAs(user)
      .withSession(choice(user, b))
    orderPage.assertStatus(404)
    orderPage.assertTextIncludes(`Beställningen gäller ${a.name}.`)

    // an organisation that is not theirs: the plain 404, its name never shown
    const stranger = await client
      .get(`/aterkoppling/${ofC}`)
      .loginAs(user)
      .withSession(choice(user, b))
    stranger.assertStatus(404)
    stranger.assertTextIncludes('Sidan finns inte')
    assert.notInclude(stranger.text(), c.name)
    assert.notInclude(stranger.text(), 'name="tillbaka"')
    const strangerOrder = await client
      .get(`/anknytningar/bestallningar/${await orderOf(c.id)}`)
      .loginAs(user)
      .withSession(choice(user, b))
    strangerOrder.assertStatus(404)
    assert.notInclude(strangerOrder.text(), c.name)
  })

  test('an invoice PDF of another of the contact’s own organisations offers the switch instead of "your role has no access"; a stranger’s is still refused', async ({
    client,
    assert,
  }) => {
    const { user, a, b, c } = await contactOfTwo()
    const issuer = await UserFactory.create()
    await db.table('periods').insert({ period: '2026-10' }).onConflict('period').ignore()
    const invoiceOf = async (organisationId: number, sequence: number) => {
      const [row] = await db
        .table('invoices')
        .insert({
          number: `2026-0000${sequence}`,
          year: 2026,
          sequence,
          kind: 'invoice',
          period: '2026-10',
          organisation_id: organisationId,
          issue_date: '2026-11-05',
          due_date: '2026-12-05',
          vat_rate_percent: 0,
          net_ore: 123456,
          vat_ore: 0,
          total_ore: 123456,
          pdf_path: `invoices/2026/2026-0000${sequence}.pdf`,
          pdf_sha256: '0'.repeat(64),
          issued_by: issuer.id,
        })
        .returning('id')
      return Number(row.id)
    }
    const ofA = await invoiceOf(a.id, 1)
    const ofC = await invoiceOf(c.id, 2)

    const page = await client.get(`/fakturor/${ofA}/pdf`).loginAs(user).withSession(choice(user, b))
    page.assertStatus(403)
    page.assertTextIncludes(`Fakturan gäller ${a.name}.`)
    page.assertTextIncludes(`Byt till ${a.name}`)
    assert.notInclude(page.text(), 'Din roll ger inte tillgång')

    const stranger = await client
      .get(`/fakturor/${ofC}/pdf`)
      .loginAs(user)
      .withSession(choice(user, b))
    stranger.assertStatus(403)
    assert.notInclude(stranger.text(), c.name)
    assert.notInclude(stranger.text(), 'Byt till')
  })

  test('an avstämning of another of the contact’s own organisations offers the switch', async ({
    client,
  }) => {
    const { user, a, b } = await contactOfTwo()
    const [meeting] = await db
      .table('meetings')
      .insert({
        title: 'Avstämning',
        kind: 'review',
        organisation_id: a.id,
        starts_at: new Date('2026-12-10T09:00:00Z'),
        ends_at: new Date('2026-12-10T10:00:00Z'),
        place: 'Stadshuset',
        created_by: user.id,
      })
      .returning('id')
    const page = await client
      .get(`/natverkstraffar/${meeting.id}`)
      .loginAs(user)
      .withSession(choice(user, b))
    page.assertStatus(404)
    page.assertTextIncludes(`Avstämningen gäller ${a.name}.`)
  })

  test('without a choice the contact acts for their home organisation', async ({
    client,
    assert,
  }) => {
    const { user } = await contactOfTwo()
    const page = await client.get('/anknytningar').loginAs(user)
    page.assertTextIncludes('0850811111')
    assert.notInclude(page.text(), '0850822222')
  })

  test('hostile: switching to an organisation that is not theirs is refused on the 403 page and changes nothing', async ({
    client,
    assert,
  }) => {
    const { user, c } = await contactOfTwo()
    const response = await client
      .post('/valj-organisation')
      .loginAs(user)
      .withCsrfToken()
      .form({ organisationId: c.id })
      .redirects(0)
    response.assertStatus(403)
    response.assertTextIncludes('Du är inte telefoniansvarig för den organisationen.')
    // the app's Swedish 403 page with the menu and a way on, not a bare line of text
    assert.match(String(response.header('content-type')), /html/)
    response.assertTextIncludes('Du har inte behörighet')
    assert.isUndefined(response.session().organisationChoice)
  })

  test('hostile: an organisation id that is a list, an object or not written in digits is refused as invalid, never taken as its first element', async ({
    client,
    assert,
  }) => {
    const { user, b } = await contactOfTwo()
    for (const form of [
      { 'organisationId[]': String(b.id) },
      { 'organisationId[0]': String(b.id) },
      { 'organisationId[id]': String(b.id) },
      { organisationId: `0x${b.id.toString(16)}` },
      { organisationId: `${b.id}e0` },
    ]) {
      const response = await client
        .post('/valj-organisation')
        .loginAs(user)
        .withCsrfToken()
        .header('referer', '/oversikt')
        .form(form)
        .redirects(0)
      response.assertStatus(302)
      const errors = (response.flashMessages().inputErrorsBag ?? {}) as Record<string, string[]>
      assert.deepEqual(
        errors.organisationId,
        ['Organisation måste vara ett tal'],
        JSON.stringify(form)
      )
      assert.isUndefined(response.session().organisationChoice, JSON.stringify(form))
    }
  })

  test('hostile: a session tampered to name organisation C, or a query naming it, still shows only their own', async ({
    client,
    assert,
  }) => {
    const { user, c } = await contactOfTwo()
    const tampered = await client
      .get(`/anknytningar?organisation=${c.id}`)
      .loginAs(user)
      .withSession(choice(user, c))
    tampered.assertStatus(200)
    tampered.assertTextIncludes('0850811111')
    assert.notInclude(tampered.text(), '0850833333')
    // the foreign choice is forgotten
    assert.isUndefined(tampered.session().organisationChoice)
    const organisationPage = await client
      .get(`/organisationer/${c.id}`)
      .loginAs(user)
      .withSession(choice(user, c))
    organisationPage.assertStatus(403)
    const download = await client
      .get(`/anknytningar/export?organisation=${c.id}`)
      .loginAs(user)
      .withSession(choice(user, c))
    assert.notInclude(download.text(), '0850833333')
  })

  test('hostile: another user’s choice left in the session does not count', async ({
    client,
    assert,
  }) => {
    const { user, b } = await contactOfTwo()
    const other = await UserFactory.create()
    const page = await client
      .get('/anknytningar')
      .loginAs(user)
      .withSession({ organisationChoice: { userId: other.id, organisationId: b.id } })
    page.assertTextIncludes('0850811111')
    assert.notInclude(page.text(), '0850822222')
  })

  test('a membership taken away ends the choice on the next request', async ({
    client,
    assert,
  }) => {
    const { user, b } = await contactOfTwo()
    await db.from('user_organisations').where({ user_id: user.id, organisation_id: b.id }).delete()
    const page = await client.get('/anknytningar').loginAs(user).withSession(choice(user, b))
    page.assertTextIncludes('0850811111')
    assert.notInclude(page.text(), '0850822222')
  })

  test('acting for another organisation never rewrites the home organisation (language switch saves the user)', async ({
    client,
    assert,
  }) => {
    const { user, a, b } = await contactOfTwo()
    await client
      .post('/sprak')
      .loginAs(user)
      .withSession(choice(user, b))
      .withCsrfToken()
      .form({ locale: 'en' })
      .redirects(0)
    const stored = await User.findOrFail(user.id)
    assert.equal(stored.organisationId, a.id)
    assert.equal(stored.locale, 'en')
  })

  test('the coordinator gives a contact several organisations, and takes one away', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const a = await OrganisationFactory.create()
    const b = await OrganisationFactory.create()
    const c = await OrganisationFactory.create()
    const created = await client
      .post('/administration/anvandare')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        'fullName': 'Sara Ek',
        'email': 'sara.ek@stad.example',
        'role': 'telefoniansvarig',
        'organisationId': a.id,
        'additionalOrganisationIds[]': [b.id, c.id],
      })
      .redirects(0)
    created.assertStatus(200)
    const user = await User.findByOrFail('email', 'sara.ek@stad.example')
    const memberships = async () =>
      (
        await db.from('user_organisations').where('user_id', user.id).orderBy('organisation_id')
      ).map((row) => row.organisation_id)
    assert.deepEqual(
      await memberships(),
      [a.id, b.id, c.id].sort((x, y) => x - y)
    )

    const edit = await client
      .get(`/administration/anvandare/${user.id}/redigera`)
      .loginAs(coordinator)
    edit.assertTextIncludes(`<option value="${b.id}" selected`)

    await client
      .put(`/administration/anvandare/${user.id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        'fullName': 'Sara Ek',
        'email': 'sara.ek@stad.example',
        'role': 'telefoniansvarig',
        'organisationId': a.id,
        'additionalOrganisationIds[]': [c.id],
      })
      .redirects(0)
    assert.deepEqual(
      await memberships(),
      [a.id, c.id].sort((x, y) => x - y)
    )
    const audit = await db
      .from('audit_log')
      .where('entity_type', 'user')
      .where('entity_id', String(user.id))
      .where('action', 'update')
      .firstOrFail()
    assert.property(audit.changes, 'organisationIds')
  })

  test('the user list shows every organisation a contact is contact for, the home one first', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user, a, b } = await contactOfTwo()
    const page = await client.get('/administration/anvandare').loginAs(coordinator)
    page.assertStatus(200)
    const row = page
      .text()
      .split('<tr>')
      .find((part) => part.includes(user.email))!
    assert.include(row, a.code)
    assert.include(row, b.code)
    assert.isBelow(row.indexOf(a.code), row.indexOf(b.code))
  })

  test('hostile: an unknown organisation or too many are refused in Swedish, nothing stored', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const a = await OrganisationFactory.create()
    const unknown = await client
      .post('/administration/anvandare')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        'fullName': 'Sara Ek',
        'email': 'sara.ek@stad.example',
        'role': 'telefoniansvarig',
        'organisationId': a.id,
        'additionalOrganisationIds[]': ['2147483647'],
      })
      .redirects(0)
    unknown.assertStatus(302)
    unknown.assertFlashMessage('inputErrorsBag', {
      'additionalOrganisationIds.0': ['En av de valda organisationerna finns inte'],
    })
    assert.isNull(await User.findBy('email', 'sara.ek@stad.example'))
    const tooMany = await client
      .post('/administration/anvandare')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        'fullName': 'Sara Ek',
        'email': 'sara.ek@stad.example',
        'role': 'telefoniansvarig',
        'organisationId': a.id,
        'additionalOrganisationIds[]': Array.from({ length: 21 }, () => String(a.id)),
      })
      .redirects(0)
    tooMany.assertStatus(302)
    assert.isNull(await User.findBy('email', 'sara.ek@stad.example'))
    tooMany.assertFlashMessage('inputErrorsBag', {
      additionalOrganisationIds: ['Välj högst 20 organisationer'],
    })
  })

  test('users:create gives several organisations with --organisation=A,B (the first is home)', async ({
    assert,
  }) => {
    const a = await OrganisationFactory.create()
    const b = await OrganisationFactory.create()
    const { exitCode, output } = await usersCreate([
      'kim@stad.example',
      '--role=telefoniansvarig',
      '--name=Kim Berg',
      `--organisation=${a.code},${b.code}`,
    ])
    assert.equal(exitCode ?? 0, 0)
    assert.equal(output.organisation, a.code)
    assert.deepEqual(output.organisations, [a.code, b.code])
    const user = await User.findByOrFail('email', 'kim@stad.example')
    assert.equal(user.organisationId, a.id)
    const rows = await db.from('user_organisations').where('user_id', user.id)
    assert.lengthOf(rows, 2)
  })

  test('users:create refuses an unknown code among several, naming it', async ({ assert }) => {
    const a = await OrganisationFactory.create()
    const { exitCode, output } = await usersCreate([
      'kim@stad.example',
      '--role=telefoniansvarig',
      '--name=Kim Berg',
      `--organisation=${a.code},FINNS-EJ`,
    ])
    assert.equal(exitCode, 1)
    assert.include(output.errors[0].message, 'FINNS-EJ')
    assert.isNull(await User.findBy('email', 'kim@stad.example'))
  })
})
