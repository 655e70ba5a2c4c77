import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { createExportBatch } from '#actions/month_end/export_batches'
import { decideServiceCredit, explainReconciliation } from '#actions/quality/supplier_follow_up'
import { notifyDraftsAwaitingApproval } from '#actions/notifications/sweep'
import { addFixedFee, addSupplierInvoice, controlLoopCity } from '#tests/helpers/control_loop_city'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { clock } from '#services/clock'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'

/** The keys of the "Väntar på dig" items on the user's start page, with their texts. */
async function waiting(client: ApiClient, user: User) {
  const response = await client.get('/oversikt').loginAs(user)
  response.assertStatus(200)
  const html = response.text()
  const items = new Map<string, string>()
  for (const match of html.matchAll(
    /<li data-waiting="([a-zA-Z]+)"><a href="([^"]*)">([^<]*)<\/a>/g
  ))
    items.set(match[1], `${match[3]} → ${match[2]}`)
  return items
}

test.group('Väntar på dig / the controller', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a draft is waiting for approval with its total until approved, then waits to be invoiced, then its verifications wait for an export batch', async ({
    client,
    assert,
  }) => {
    const { coordinator, controller } = await controlLoopCity()
    assert.isFalse((await waiting(client, controller)).has('draftToApprove'))
    await runAllocation('2026-10', coordinator.id)
    const draft = await waiting(client, controller)
    // the pools' total: 100 000 kr supplier invoice + 150 000 kr fixed coordination + 40 000 kr e-service costs
    assert.include(draft.get('draftToApprove'), 'oktober 2026')
    assert.include(draft.get('draftToApprove'), '290\u00a0000,00\u00a0kr')
    assert.include(draft.get('draftToApprove'), '/kostnadsfordelning/2026-10')

    await setPeriodApproval('2026-10', true, controller.id)
    const approved = await waiting(client, controller)
    assert.isFalse(approved.has('draftToApprove'))
    assert.include(approved.get('periodToInvoice'), 'oktober 2026')

    await issueInvoices('2026-10', controller.id)
    const invoiced = await waiting(client, controller)
    assert.isFalse(invoiced.has('periodToInvoice'))
    const count = Number((await db.from('invoices').count('* as n').first()).n)
    assert.isAbove(count, 0)
    assert.include(invoiced.get('verificationsToExport'), `${count} verifikationer`)
    assert.include(invoiced.get('verificationsToExport'), '/ekonomiexport')

    await createExportBatch(controller.id)
    assert.isFalse((await waiting(client, controller)).has('verificationsToExport'))
  })

  test('a draft whose inputs changed is shown as stale (with the number of changes), not as ready to approve', async ({
    client,
    assert,
  }) => {
    const { coordinator, controller, etjanst } = await controlLoopCity()
    await runAllocation('2026-10', coordinator.id)
    await db
      .from('cost_entries')
      .where('period', '2026-10')
      .where('cost_pool_id', etjanst.id)
      .update({ amount_ore: 41_000_00 })
    const items = await waiting(client, controller)
    assert.isFalse(items.has('draftToApprove'))
    assert.match(items.get('staleDraft')!, /oktober 2026.*\(1 ändring\)/)
    await runAllocation('2026-10', coordinator.id)
    const rerun = await waiting(client, controller)
    assert.isFalse(rerun.has('staleDraft'))
    assert.isTrue(rerun.has('draftToApprove'))
  })

  test("the coordinator's items are not shown to the controller, nor the controller's to the coordinator", async ({
    client,
    assert,
  }) => {
    const { coordinator, controller } = await controlLoopCity()
    await runAllocation('2026-10', coordinator.id)
    const { user: contact, organisation } = await createContact()
    await db.table('deviations').insert({
      organisation_id: organisation.id,
      reported_by: contact.id,
      occurred_at: new Date(),
      entry_number: '0850811000',
      type: 'felkopplat',
      description: 'Fel enhet',
    })
    assert.isFalse((await waiting(client, controller)).has('newDeviations'))
    assert.isFalse((await waiting(client, coordinator)).has('draftToApprove'))
  })
})

test.group('Väntar på dig / the coordinator', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.setup(() => {
    clock.freeze('2026-11-15T10:00:00Z')
    return () => clock.restore()
  })

  test('new deviations wait until the coordinator takes them up', async ({ client, assert }) => {
    const coordinator = await UserFactory.create()
    const { user: contact, organisation } = await createContact()
    const deviation = (status: string) => ({
      organisation_id: organisation.id,
      reported_by: contact.id,
      occurred_at: new Date(),
      entry_number: '0850811000',
      type: 'felkopplat',
      description: 'Fel enhet',
      status,
    })
    assert.isFalse((await waiting(client, coordinator)).has('newDeviations'))
    const [first] = await db.table('deviations').insert(deviation('ny')).returning('id')
    await db.table('deviations').insert(deviation('under_utredning'))
    assert.include((await waiting(client, coordinator)).get('newDeviations'), '1 ny avvikelse')
    await db.table('deviations').insert(deviation('ny'))
    assert.include((await waiting(client, coordinator)).get('newDeviations'), '2 nya avvikelser')
    await db.from('deviations').where('status', 'ny').update({ status: 'under_utredning' })
    assert.isFalse((await waiting(client, coordinator)).has('newDeviations'))
    assert.isAbove(Number(first.id), 0)
  })

  test('imports failed or rejected within the last 30 days wait; older ones and good ones do not', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const row = (status: string, daysAgo: number) => ({
      type: 'calls',
      file_name: 'samtal.csv',
      checksum: `c-${status}-${daysAgo}`,
      idempotency_key: `k-${status}-${daysAgo}`,
      status,
      created_at: db.raw(`now() - make_interval(days => ${daysAgo})`),
    })
    await db.table('imports').multiInsert([row('failed', 31), row('imported', 1)])
    assert.isFalse((await waiting(client, coordinator)).has('failedImports'))
    await db.table('imports').multiInsert([row('rejected', 29), row('failed', 0)])
    assert.include(
      (await waiting(client, coordinator)).get('failedImports'),
      '2 importer misslyckades de senaste 30 dagarna'
    )
  })

  test("last month's call records and supplier invoice wait until imported", async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const before = await waiting(client, coordinator)
    assert.include(before.get('callsMissing'), 'oktober 2026')
    assert.include(before.get('supplierInvoiceMissing'), 'oktober 2026')
    await db.table('call_daily').insert({
      day: '2026-10-31',
      entry_number: '0850811000',
      outcome: 'besvarat',
      wait_bucket: 0,
      calls: 1,
      wait_seconds: 0,
      talk_seconds: 0,
      cost: 0,
    })
    await addSupplierInvoice('2026-10', 'LF-1', 1_000_00)
    const after = await waiting(client, coordinator)
    assert.isFalse(after.has('callsMissing'))
    assert.isFalse(after.has('supplierInvoiceMissing'))
  })

  test('a reconciliation difference waits with its figures until explained', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const id = await addSupplierInvoice('2026-10', 'LF-2', 1_000_00)
    await db.table('supplier_invoice_lines').insert({
      supplier_invoice_id: id,
      line_number: 1,
      article: 'SAMTAL',
      description: 'Besvarade samtal',
      quantity: '400.0000',
      unit: 'st',
      price: '2.5000',
      amount_ore: 1_000_00,
    })
    await db.table('supplier_statistics').insert({
      day: '2026-10-01',
      entry_number: '0850800000',
      offered: 255,
      answered: 250,
      answered_within_target: 250,
      target_seconds: 60,
      abandoned: 5,
      short_abandons: 0,
      total_wait_seconds: 2500,
      total_talk_seconds: 25000,
      transferred: 0,
    })
    const item = (await waiting(client, coordinator)).get('differenceToExplain')!
    assert.include(item, 'oktober 2026')
    assert.include(item, '400 fakturerade mot 250 besvarade samtal')
    assert.include(item, '/samtal?manad=2026-10#reconciliation')
    await explainReconciliation(
      '2026-10',
      'Leverantören räknar även vidarekopplade samtal',
      coordinator.id
    )
    assert.isFalse((await waiting(client, coordinator)).has('differenceToExplain'))
  })

  test('a service credit the contract rule proposes for last month waits with its amount until accepted or waived', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    // October: 100 answered, 80 within the target time: 80 %, 5 whole points under 85 %
    await insertCallAggregates([
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 80 },
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 90, calls: 20 },
    ])
    await addFixedFee(await addSupplierInvoice('2026-10', 'LF-3', 250_000_00), 250_000_00)
    const item = (await waiting(client, coordinator)).get('creditToDecide')!
    // 5 % of the fixed fee of 250 000 kr
    assert.include(item, '12\u00a0500,00\u00a0kr')
    assert.include(item, '/samtal?manad=2026-10#credit')
    await decideServiceCredit(
      '2026-10',
      false,
      'Leverantören hade ett avbrott hos nätägaren',
      coordinator.id
    )
    assert.isFalse((await waiting(client, coordinator)).has('creditToDecide'))
  })

  test('a routine acknowledged by fewer than 80 % of the contacts waits; exactly 80 % does not', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const contacts = []
    for (let i = 0; i < 5; i++) contacts.push((await createContact()).user)
    const category = await db.from('routine_categories').first()
    const categoryId =
      category?.id ??
      (await db.table('routine_categories').insert({ name: 'Allmänt' }).returning('id'))[0].id
    const [routine] = await db
      .table('routines')
      .insert({
        category_id: categoryId,
        draft_title: 'Hänvisning',
        requires_acknowledgement: true,
      })
      .returning('id')
    await db.table('routine_versions').insert({
      routine_id: routine.id,
      version: 1,
      title: 'Hänvisning vid frånvaro',
      body: 'Text',
      change_note: 'Första versionen',
      significant: true,
    })
    const acknowledge = (user: User) =>
      db
        .table('routine_acknowledgements')
        .insert({ routine_id: routine.id, user_id: user.id, version: 1 })
    for (const user of contacts.slice(0, 3)) await acknowledge(user)
    const item = (await waiting(client, coordinator)).get('lowAcknowledgement')!
    assert.include(
      item,
      '”Hänvisning vid frånvaro” är bekräftad av 3 av 5 telefoniansvariga (60 %, under 80 %)'
    )
    assert.include(item, `/rutiner/${routine.id}/tackning`)
    await acknowledge(contacts[3])
    assert.isFalse((await waiting(client, coordinator)).has('lowAcknowledgement'))
  })

  test('a reported post waits until it is hidden', async ({ client, assert }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const category = await db.from('forum_categories').firstOrFail()
    const [thread] = await db
      .table('forum_threads')
      .insert({ category_id: category.id, title: 'Fråga', author_id: contact.id })
      .returning('id')
    const [post] = await db
      .table('forum_posts')
      .insert({ thread_id: thread.id, author_id: contact.id, body: 'Inlägg' })
      .returning('id')
    assert.isFalse((await waiting(client, coordinator)).has('reportedPosts'))
    await db
      .table('forum_reports')
      .insert({ post_id: post.id, reported_by: coordinator.id, reason: 'Ton' })
    await db
      .table('forum_reports')
      .insert({ post_id: post.id, reported_by: contact.id, reason: 'Ton' })
    const item = (await waiting(client, coordinator)).get('reportedPosts')!
    assert.include(item, '1 anmält inlägg')
    assert.include(item, '/forum/anmalningar')
    await db
      .from('forum_posts')
      .where('id', post.id)
      .update({ hidden: true, moderation_note: 'Dold' })
    assert.isFalse((await waiting(client, coordinator)).has('reportedPosts'))
  })

  test('organisations without an avstämning within review_interval_months wait as one line with their count, linking to the list, until one is held or planned', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    assert.isFalse((await waiting(client, coordinator)).has('reviewsOverdue'))
    const { organisation: first } = await createContact()
    const { organisation: second } = await createContact()
    // held 2026-03-01: more than the six months (the default) before 2026-11-15
    const review = async (organisationId: number, startsAt: string) =>
      db.table('meetings').insert({
        title: 'Avstämning',
        kind: 'review',
        organisation_id: organisationId,
        starts_at: new Date(startsAt),
        ends_at: new Date(new Date(startsAt).getTime() + 3_600_000),
        place: 'Stadshuset',
      })
    await review(first.id, '2026-03-01T09:00:00Z')
    assert.equal(
      (await waiting(client, coordinator)).get('reviewsOverdue'),
      '2 organisationer har inte haft någon avstämning på 6 månader och har ingen planerad → /natverkstraffar?typ=review#avstamning-saknas'
    )
    // one planned: that organisation no longer waits
    await review(second.id, '2026-12-10T09:00:00Z')
    assert.include(
      (await waiting(client, coordinator)).get('reviewsOverdue'),
      '1 organisation har inte haft'
    )
    // the interval is the setting's
    await db.from('settings').where('key', 'review_interval_months').update({ value: '12' })
    assert.isFalse((await waiting(client, coordinator)).has('reviewsOverdue'))
    // and the controller's start page does not show it
    const controller = await UserFactory.apply('controller').create()
    assert.isFalse((await waiting(client, controller)).has('reviewsOverdue'))
  })

  test('with nothing waiting the page says so', async ({ client, assert }) => {
    const controller = await UserFactory.apply('controller').create()
    const response = await client.get('/oversikt').loginAs(controller)
    assert.include(response.text(), 'Inget väntar på dig just nu.')
  })
})

test.group('Väntar på dig / notifications', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a deviation a contact reports notifies every active coordinator, by e-mail as each chose', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const quiet = await UserFactory.create()
    await db
      .table('notification_preferences')
      .insert({ user_id: quiet.id, kind: 'deviation', delivery: 'av' })
    const inactive = await UserFactory.merge({ isActive: false }).create()
    const controller = await UserFactory.apply('controller').create()
    const { user: contact, organisation } = await createContact()
    await client
      .post('/avvikelser')
      .loginAs(contact)
      .withCsrfToken()
      .form({
        occurredAt: '2026-10-05T09:12',
        type: 'felkopplat',
        entryNumber: '08-508 110 00',
        description: 'Samtalet kopplades till fel enhet.',
      })
      .redirects(0)
    const deviation = await db.from('deviations').firstOrFail()
    const notices = await db
      .from('notifications')
      .where('message_key', 'deviationReported')
      .orderBy('user_id')
    assert.deepEqual(
      notices.map((n) => [n.user_id, n.kind, n.mail_status, n.url]),
      [
        [coordinator.id, 'deviation', 'pending', `/avvikelser/${deviation.id}`],
        [quiet.id, 'deviation', 'none', `/avvikelser/${deviation.id}`],
      ]
    )
    assert.equal(notices[0].title, `Ny avvikelse nr ${deviation.id} från ${organisation.name}`)
    assert.notInclude(
      notices.map((n) => n.user_id),
      inactive.id
    )
    assert.notInclude(
      notices.map((n) => n.user_id),
      controller.id
    )
  })

  test('a draft waiting for approval notifies the controllers once per calculation, not the one who ran it', async ({
    assert,
  }) => {
    const { coordinator, controller, controller2 } = await controlLoopCity()
    await runAllocation('2026-10', controller2.id)
    assert.equal(await notifyDraftsAwaitingApproval(), 1)
    assert.equal(await notifyDraftsAwaitingApproval(), 0)
    const first = await db.from('notifications').where('message_key', 'draftAwaitingApproval')
    assert.deepEqual(
      first.map((n) => [n.user_id, n.kind, n.url, n.title]),
      [
        [
          controller.id,
          'month_end',
          '/kostnadsfordelning/2026-10',
          'Utkastet för oktober 2026 väntar på godkännande',
        ],
      ]
    )
    // a re-run is a new draft: told again, now to both controllers
    await runAllocation('2026-10', coordinator.id)
    assert.equal(await notifyDraftsAwaitingApproval(), 2)
    await setPeriodApproval('2026-10', true, controller.id)
    assert.equal(await notifyDraftsAwaitingApproval(), 0)
  })

  test('the office chooses how drafts to approve are delivered; a contact is not offered the choice', async ({
    client,
    assert,
  }) => {
    const controller = await UserFactory.apply('controller').create()
    const office = await client.get('/aviseringar/installningar').loginAs(controller)
    assert.include(office.text(), 'Kostnadsfördelning: utkast att godkänna')
    const { user: contact } = await createContact()
    const own = await client.get('/aviseringar/installningar').loginAs(contact)
    own.assertStatus(200)
    assert.notInclude(own.text(), 'Kostnadsfördelning: utkast att godkänna')
  })
})
