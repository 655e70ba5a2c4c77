import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'

const setting = async (key: string) =>
  (await db.from('settings').where('key', key).firstOrFail()).value

test.group('Settings', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the coordinator changes the reminder days; the change is audited with its old and new value', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    await client
      .put('/administration/installningar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ 'values[routine_reminder_days]': '7', 'values[vat_rate_percent]': '25' })
      .redirects(0)
    assert.equal(await setting('routine_reminder_days'), '7')
    const entry = await db
      .from('audit_log')
      .where('entity_id', 'routine_reminder_days')
      .firstOrFail()
    assert.deepEqual(entry.changes, { routine_reminder_days: { from: '14', to: '7' } })
    // unchanged values are not logged
    assert.lengthOf(await db.from('audit_log').where('entity_id', 'vat_rate_percent'), 0)
  })

  test('a value a setting cannot hold is named in Swedish and nothing is saved, not even the valid ones', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .put('/administration/installningar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        'values[routine_reminder_days]': '5',
        'values[vat_rate_percent]': '250',
        'values[account_cost]': '64x0',
      })
    assert.include(
      response.text(),
      'Moms på internfakturor till bolag (procent): ange ett heltal från 0 till 100.'
    )
    assert.include(response.text(), 'skriv på formen 6420')
    assert.equal(await setting('routine_reminder_days'), '14')
    assert.equal(await setting('vat_rate_percent'), '25')
  })
  test("the issuer's VAT number is SE, the organisation number with a valid check digit, and 01", async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const refused = await client
      .put('/administration/installningar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ 'values[issuer_vat_number]': 'SE212000014301' })
    assert.include(
      refused.text(),
      'skriv på formen SE212000014201 (SE, organisationsnumret med rätt kontrollsiffra, 01)'
    )
    assert.equal(await setting('issuer_vat_number'), 'SE212000014201')
    await client
      .put('/administration/installningar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ 'values[issuer_vat_number]': 'SE556036079301' })
    assert.equal(await setting('issuer_vat_number'), 'SE556036079301')
  })
})
