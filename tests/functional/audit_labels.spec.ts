/**
 * The audit log and the notifications list show labels, never the codes of an extension
 * order's kind and status or of a notification's kind.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { createContact, UserFactory } from '#database/factories/user_factory'
import { placeExtensionOrders } from '#actions/extension_orders/place_extension_orders'
import { decideExtensionOrder } from '#actions/extension_orders/decide_extension_order'
import { label } from '#services/labels'
import i18nManager from '@adonisjs/i18n/services/main'

test.group('Labels in the audit log and notifications', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an extension order is logged with the labels of its kind and status', async ({
    assert,
  }) => {
    const { user: contact, organisation } = await createContact()
    const coordinator = await UserFactory.create()
    const placed = await placeExtensionOrders(
      [
        {
          line: 1,
          kind: 'new',
          number: '0812345678',
          name: 'Reception',
          type: 'mobil',
          wishedDate: '2026-12-20',
        },
      ],
      { id: contact.id, organisationId: organisation.id },
      'form'
    )
    assert.isTrue(placed.ok, JSON.stringify(placed))
    const id = (placed as { ids: number[] }).ids[0]
    await decideExtensionOrder(id, 'approve', '', {
      id: coordinator.id,
      organisationId: null,
      isContact: false,
    })
    const summaries = (
      await db.from('audit_log').where('entity_type', 'extension_order').orderBy('id')
    ).map((row) => row.summary as string)
    assert.include(summaries[0], '(Ny anknytning)')
    assert.include(summaries[1], 'Ny → Godkänd')
  })

  test('the announcement notification kind has a label', ({ assert }) => {
    assert.notEqual(label('notificationKind', 'announcement', 'sv'), 'announcement')
    assert.notEqual(label('notificationKind', 'announcement', 'en'), 'announcement')
  })
})

test.group('Extension order refusals', () => {
  test('an extension not in the organisation is refused as not belonging to it on the wished date', ({
    assert,
  }) => {
    const sv = i18nManager.locale('sv').t('extensionOrders.errors.notOwnExtension', {
      number: '0812345678',
    })
    assert.equal(sv, 'Anknytning 0812345678 hör inte till er organisation det önskade datumet.')
  })
})
