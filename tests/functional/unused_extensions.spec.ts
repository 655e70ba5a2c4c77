/**
 * Issue 16, point 4 (acceptance check): contacts and the coordinator see the extensions
 * with no connected call in the last months, with their monthly cost, and order their
 * removal from that list — the coordinator on behalf of the organisation.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { clock } from '#services/clock'

async function extension(organisationId: number, number: string) {
  await db.table('extensions').insert({
    number,
    organisation_id: organisationId,
    name: 'Gamla receptionen',
    type: 'Fast',
    valid_from: '2020-01-01',
  })
}

test.group('Unused extensions / ordering their removal', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('ordering removal with nothing ticked says to choose at least one extension', async ({
    client,
    assert,
  }) => {
    const { user, organisation } = await createContact()
    await extension(organisation.id, '0850877001')
    const refused = await client
      .post('/anknytningar/oanvanda/borttag')
      .loginAs(user)
      .withCsrfToken()
      .form({ wishedDate: clock.today() })
      .redirects(0)
    refused.assertStatus(302)
    const page = await client
      .get('/anknytningar/oanvanda')
      .loginAs(user)
      .withSession(refused.session())
      .withFlashMessages(refused.flashMessages())
    page.assertTextIncludes('Välj minst en anknytning att beställa borttag för.')
    assert.equal(Number((await db.from('extension_orders').count('* as n'))[0].n), 0)
  })

  test('the coordinator orders removal for the chosen organisation: the order is the organisation’s, placed by the coordinator, and its contact sees it', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const other = await OrganisationFactory.create()
    await extension(organisation.id, '0850877002')
    await extension(other.id, '0850877003')

    // without an organisation chosen: a note instead of checkboxes
    const all = await client.get('/anknytningar/oanvanda').loginAs(coordinator)
    all.assertStatus(200)
    all.assertTextIncludes('Välj en organisation ovan för att beställa borttag för den.')
    assert.notInclude(all.text(), 'name="numbers[]"')

    const page = await client
      .get(`/anknytningar/oanvanda?organisation=${organisation.id}`)
      .loginAs(coordinator)
    page.assertTextIncludes('name="numbers[]" value="0850877002"')
    page.assertTextIncludes(`name="organisationId" value="${organisation.id}"`)

    const placed = await client
      .post('/anknytningar/oanvanda/borttag')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        'organisationId': organisation.id,
        'numbers[]': '0850877002',
        'wishedDate': clock.today(),
      })
      .redirects(0)
    placed.assertStatus(302)
    const order = await db.from('extension_orders').where('number', '0850877002').firstOrFail()
    assert.equal(order.organisation_id, organisation.id)
    assert.equal(order.ordered_by, coordinator.id)
    assert.equal(order.kind, 'remove')

    const seen = await client.get('/anknytningar/bestallningar').loginAs(contact)
    seen.assertTextIncludes('0850877002')

    // another organisation's extension is not ordered under this one
    const wrong = await client
      .post('/anknytningar/oanvanda/borttag')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        'organisationId': organisation.id,
        'numbers[]': '0850877003',
        'wishedDate': clock.today(),
      })
      .redirects(0)
    wrong.assertStatus(302)
    assert.isNull(await db.from('extension_orders').where('number', '0850877003').first())
  })

  test('an extension with a pending order of another kind shows which kind, not only its status', async ({
    client,
  }) => {
    const { user: contact, organisation } = await createContact()
    await extension(organisation.id, '0850877010')
    await db.table('extension_orders').insert({
      organisation_id: organisation.id,
      kind: 'change',
      number: '0850877010',
      name: 'Nya receptionen',
      wished_date: clock.today(),
      status: 'godkand',
      ordered_by: contact.id,
    })
    const page = await client.get('/anknytningar/oanvanda').loginAs(contact)
    page.assertTextIncludes('Ändrat namn eller typ – Godkänd')
  })

  test('the controller may not order removals (403)', async ({ client }) => {
    const controller = await UserFactory.merge({ role: 'controller' }).create()
    const { organisation } = await createContact()
    await extension(organisation.id, '0850877004')
    const refused = await client
      .post('/anknytningar/oanvanda/borttag')
      .loginAs(controller)
      .withCsrfToken()
      .form({
        'organisationId': organisation.id,
        'numbers[]': '0850877004',
        'wishedDate': clock.today(),
      })
      .redirects(0)
    refused.assertStatus(403)
  })
})
