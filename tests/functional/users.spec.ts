import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import User from '#models/user'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'

test.group('User administration', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the coordinator creates a telephony contact bound to one organisation, with a one-time password', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const organisation = await OrganisationFactory.create()
    const response = await client
      .post('/administration/anvandare')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        fullName: 'Sara Ek',
        email: 'Sara.Ek@stad.example',
        role: 'telefoniansvarig',
        organisationId: organisation.id,
      })
      .redirects(0)
    response.assertStatus(200)
    response.assertTextIncludes('Användaren sara.ek@stad.example har skapats.')
    const user = await User.findByOrFail('email', 'sara.ek@stad.example')
    assert.equal(user.organisationId, organisation.id)
    assert.isTrue(user.mustChangePassword)
  })

  test('a telephony contact without an organisation is refused with a Swedish message', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .post('/administration/anvandare')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ fullName: 'Sara Ek', email: 'sara.ek@stad.example', role: 'telefoniansvarig' })
      .redirects(0)
    response.assertFlashMessage('inputErrorsBag', {
      organisationId: ['Organisation måste fyllas i'],
    })
    assert.isNull(await User.findBy('email', 'sara.ek@stad.example'))
  })

  test('a coordinator or controller is never bound to an organisation', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const organisation = await OrganisationFactory.create()
    await client
      .post('/administration/anvandare')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        fullName: 'Per Ek',
        email: 'per.ek@stad.example',
        role: 'controller',
        organisationId: organisation.id,
      })
      .redirects(0)
    const user = await User.findByOrFail('email', 'per.ek@stad.example')
    assert.isNull(user.organisationId)
  })

  test('a deactivated user is logged out on their next request and cannot log in', async ({
    client,
  }) => {
    const coordinator = await UserFactory.create()
    const { user } = await createContact()
    await client
      .post(`/administration/anvandare/${user.id}/inaktivera`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    const next = await client.get('/oversikt').loginAs(user).redirects(0)
    next.assertHeader('location', '/logga-in')
  })

  test('the coordinator cannot deactivate their own account', async ({ client, assert }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .post(`/administration/anvandare/${coordinator.id}/inaktivera`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage('error', 'Du kan inte inaktivera ditt eget konto.')
    await coordinator.refresh()
    assert.isTrue(coordinator.isActive)
  })

  test('a new one-time password is shown once and forces a change at the next login', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user } = await createContact()
    const response = await client
      .post(`/administration/anvandare/${user.id}/engangslosenord`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    response.assertTextIncludes(`Engångslösenord satt för ${user.email}.`)
    const oneTimePassword = /data-one-time-password>([^<]+)</.exec(response.text())![1]
    await user.refresh()
    assert.isTrue(user.mustChangePassword)
    await User.verifyCredentials(user.email, oneTimePassword)
  })

  test('the audit log page shows who changed what', async ({ client }) => {
    const coordinator = await UserFactory.create()
    const organisation = await OrganisationFactory.create()
    await client.post('/administration/anvandare').loginAs(coordinator).withCsrfToken().form({
      fullName: 'Sara Ek',
      email: 'sara.ek@stad.example',
      role: 'telefoniansvarig',
      organisationId: organisation.id,
    })
    const page = await client.get('/administration/logg').loginAs(coordinator)
    page.assertTextIncludes('Användaren sara.ek@stad.example skapades (telefoniansvarig)')
    page.assertTextIncludes(coordinator.fullName)
  })
})
