import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { runNotificationSweep } from '#actions/notifications/sweep'
import { notify } from '#services/notifications'
import router from '@adonisjs/core/services/router'
import { paths } from '#domain/paths'

const DAY = 86_400_000

async function thread(authorId: number, title = 'Hänvisning i juli') {
  const category = await db.from('forum_categories').orderBy('id').firstOrFail()
  const [row] = await db
    .table('forum_threads')
    .insert({ category_id: category.id, title, author_id: authorId })
    .returning('id')
  await db
    .table('forum_posts')
    .insert({ thread_id: row.id, author_id: authorId, body: 'Hur gör ni?' })
  return { id: Number(row.id), categoryId: Number(category.id) }
}

test.group('Notifications', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('a reply notifies those who follow the thread or its category, never the one who wrote it', async ({
    client,
    assert,
  }) => {
    const { user: asker } = await createContact()
    const { user: follower } = await createContact()
    const { user: categoryFollower } = await createContact()
    const { user: bystander } = await createContact()
    const { id, categoryId } = await thread(asker.id)
    await client
      .post(`/forum/${id}/prenumerera`)
      .loginAs(asker)
      .withCsrfToken()
      .form({ subscribe: '1' })
      .redirects(0)
    await client
      .post(`/forum/${id}/prenumerera`)
      .loginAs(follower)
      .withCsrfToken()
      .form({ subscribe: '1' })
      .redirects(0)
    await client
      .post(`/forum/kategori/${categoryId}/prenumerera`)
      .loginAs(categoryFollower)
      .withCsrfToken()
      .form({ subscribe: '1' })
      .redirects(0)
    await client
      .post(`/forum/${id}/svar`)
      .loginAs(follower)
      .withCsrfToken()
      .form({ body: 'Vi använder svarsgruppen.' })
      .redirects(0)
    const notified = async (userId: number) =>
      (await db.from('notifications').where('user_id', userId).where('kind', 'forum_reply')).length
    assert.equal(await notified(asker.id), 1)
    assert.equal(await notified(categoryFollower.id), 1)
    assert.equal(await notified(follower.id), 0)
    assert.equal(await notified(bystander.id), 0)
    // unfollowing stops it
    await client
      .post(`/forum/${id}/prenumerera`)
      .loginAs(asker)
      .withCsrfToken()
      .form({ subscribe: '0' })
      .redirects(0)
    await client
      .post(`/forum/${id}/svar`)
      .loginAs(follower)
      .withCsrfToken()
      .form({ body: 'Och frånvaro i kalendern.' })
      .redirects(0)
    assert.equal(await notified(asker.id), 1)
  })

  test('the header shows the unread count; opening a notification marks it read and goes to what it is about', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    await notify([user.id], 'meeting', {
      key: 'meetingInvitation',
      params: { title: 'Nätverksträff', when: '3 december' },
      url: '/natverkstraffar',
    })
    const page = await client.get('/oversikt').loginAs(user)
    assert.match(
      page.text(),
      /Aviseringar\s*<span class="badge badge-warn">1<span class="visually-hidden"> olästa/
    )
    const notification = await db.from('notifications').where('user_id', user.id).firstOrFail()
    const opened = await client.get(`/aviseringar/${notification.id}`).loginAs(user).redirects(0)
    opened.assertHeader('location', '/natverkstraffar')
    assert.isNotNull(
      (await db.from('notifications').where('id', notification.id).firstOrFail()).read_at
    )
    assert.notInclude((await client.get('/oversikt').loginAs(user)).text(), 'olästa')
  })

  test("e-mail follows each user's choice per kind: at once, in the weekly digest, or not at all", async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const { user: direct } = await createContact()
    const { user: weekly } = await createContact()
    const { user: off } = await createContact()
    const choose = (user: typeof direct, delivery: string) =>
      client
        .put('/aviseringar/installningar')
        .loginAs(user)
        .withCsrfToken()
        .form({ forum_reply: 'direkt', routine: 'direkt', meeting: delivery, deviation: 'direkt' })
        .redirects(0)
    await choose(weekly, 'vecka')
    await choose(off, 'av')
    await notify([direct.id, weekly.id, off.id], 'meeting', {
      key: 'meetingInvitation',
      params: { title: 'Nätverksträff', when: '3 december' },
      url: '/natverkstraffar/1',
    })
    const now = new Date()
    await runNotificationSweep(now)
    messages.assertSent({
      to: direct.email,
      subject: 'Växelnavet: Inbjudan: Nätverksträff 3 december',
    })
    assert.lengthOf(messages.sent(), 1)
    // every kind still lands in the in-app list
    assert.lengthOf(
      await db.from('notifications').whereIn('user_id', [direct.id, weekly.id, off.id]),
      3
    )

    // the digest goes out once a week has passed, with everything collected
    await notify([weekly.id], 'meeting', {
      key: 'meetingReminder',
      params: { title: 'Nätverksträff', when: '3 december' },
      url: '/natverkstraffar/1',
    })
    await runNotificationSweep(new Date(now.getTime() + 6 * DAY))
    assert.lengthOf(messages.sent(), 1)
    await runNotificationSweep(new Date(now.getTime() + 7 * DAY + 60_000))
    assert.lengthOf(messages.sent(), 2)
    const digest = messages.sent()[1].toJSON().message
    assert.include(JSON.stringify(digest.to), weekly.email)
    assert.include(String(digest.text), 'Inbjudan: Nätverksträff 3 december')
    assert.include(String(digest.text), 'Påminnelse: Nätverksträff 3 december')
    await runNotificationSweep(new Date(now.getTime() + 8 * DAY))
    assert.lengthOf(messages.sent(), 2)
  })

  test("a notification reads in the user's language, in the list and in the e-mail", async ({
    client,
    assert,
  }) => {
    const { messages } = mail.fake()
    const { user } = await createContact()
    await db.from('users').where('id', user.id).update({ locale: 'en' })
    await notify([user.id], 'deviation', {
      key: 'deviationAnswered',
      params: { id: 1234 },
      url: '/avvikelser/1234',
    })
    await runNotificationSweep(new Date())
    messages.assertSent({
      to: user.email,
      subject: 'Växelnavet: Your deviation no. 1234 has been answered',
    })
    const list = await client.get('/aviseringar').loginAs(user).withSession({ locale: 'en' })
    assert.include(list.text(), 'Your deviation no. 1234 has been answered')
    // the stored Swedish text keeps the number ungrouped
    assert.equal(
      (await db.from('notifications').where('user_id', user.id).firstOrFail()).title,
      'Din avvikelse nr 1234 är besvarad'
    )
  })

  test('meeting reminders go out once, within the reminder hours, and not to those who said nej', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: coming } = await createContact()
    const { user: declined } = await createContact()
    const startsAt = new Date(Date.now() + 30 * 3_600_000)
    const [meeting] = await db
      .table('meetings')
      .insert({
        title: 'Träff om hänvisning',
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + 3_600_000),
        place: 'Stadshuset',
        created_by: coordinator.id,
      })
      .returning('id')
    await client
      .post(`/natverkstraffar/${meeting.id}/svar`)
      .loginAs(declined)
      .withCsrfToken()
      .form({ answer: 'nej' })
      .redirects(0)
    const reminders = async (userId: number) =>
      (
        await db
          .from('notifications')
          .where('user_id', userId)
          .where('title', 'like', 'Påminnelse:%')
      ).length
    await runNotificationSweep(new Date())
    assert.equal(await reminders(coming.id), 0, 'not yet: the meeting is 30 hours away')
    await runNotificationSweep(new Date(Date.now() + 7 * 3_600_000))
    await runNotificationSweep(new Date(Date.now() + 8 * 3_600_000))
    assert.equal(await reminders(coming.id), 1)
    assert.equal(await reminders(declined.id), 0)
  })

  test('contacts who have not acknowledged a routine are reminded after the configured days, once per version; the coordinator can remind at once', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: pending } = await createContact()
    const { user: done } = await createContact()
    const [category] = await db
      .table('routine_categories')
      .insert({ name: 'Påminnelser' })
      .returning('id')
    const [routine] = await db
      .table('routines')
      .insert({
        category_id: category.id,
        draft_title: 'Hänvisning',
        draft_body: 'Text',
        requires_acknowledgement: true,
      })
      .returning('id')
    const publishedAt = new Date(Date.now() - 15 * DAY)
    await db.table('routine_versions').insert({
      routine_id: routine.id,
      version: 1,
      title: 'Hänvisning',
      body: 'Text',
      change_note: 'Första',
      significant: true,
      published_at: publishedAt,
    })
    await db
      .table('routine_acknowledgements')
      .insert({ routine_id: routine.id, user_id: done.id, version: 1 })
    const reminders = async (userId: number) =>
      (await db.from('notifications').where('user_id', userId).where('kind', 'routine')).length

    await db.from('settings').where('key', 'routine_reminder_days').update({ value: '20' })
    await runNotificationSweep(new Date())
    assert.equal(await reminders(pending.id), 0, '15 days < 20 days')
    await db.from('settings').where('key', 'routine_reminder_days').update({ value: '14' })
    await runNotificationSweep(new Date())
    await runNotificationSweep(new Date())
    assert.equal(await reminders(pending.id), 1)
    assert.equal(await reminders(done.id), 0)

    const response = await client
      .post(`/rutiner/${routine.id}/paminn`)
      .loginAs(coordinator)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    assert.equal(await reminders(pending.id), 2)
    assert.equal(await reminders(done.id), 0)
  })

  test('publishing a version that must be acknowledged notifies every contact; a minor version does not', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user: contact } = await createContact()
    const [category] = await db
      .table('routine_categories')
      .insert({ name: 'Versioner' })
      .returning('id')
    const [routine] = await db
      .table('routines')
      .insert({
        category_id: category.id,
        draft_title: 'Bemötande',
        draft_body: 'Text',
        requires_acknowledgement: true,
      })
      .returning('id')
    const publish = (significant: boolean) =>
      client
        .post(`/rutiner/${routine.id}/publicera`)
        .loginAs(coordinator)
        .withCsrfToken()
        .form(significant ? { changeNote: 'Ändrat', significant: '1' } : { changeNote: 'Ändrat' })
        .redirects(0)
    await publish(false)
    await publish(false)
    await publish(true)
    const titles = (await db.from('notifications').where('user_id', contact.id).orderBy('id')).map(
      (row) => row.title
    )
    assert.deepEqual(titles, [
      'Ny version att bekräfta: Bemötande (version 1)',
      'Ny version att bekräfta: Bemötande (version 3)',
    ])
  })

  test('the reporter is notified when the coordinator answers and closes their deviation', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const { user, organisation } = await createContact()
    const [row] = await db
      .table('deviations')
      .insert({
        organisation_id: organisation.id,
        reported_by: user.id,
        occurred_at: new Date(),
        type: 'annat',
        description: 'Samtalet bröts.',
      })
      .returning('id')
    await client
      .post(`/avvikelser/${row.id}/status`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ status: 'atgardad', answer: 'Leverantören har åtgärdat felet.' })
      .redirects(0)
    const notification = await db.from('notifications').where('user_id', user.id).firstOrFail()
    assert.equal(notification.title, `Din avvikelse nr ${row.id} är besvarad`)
    assert.equal(notification.url, `/avvikelser/${row.id}`)
  })

  test('a choice that is not one of the options is refused and the stored choices are kept', async ({
    client,
    assert,
  }) => {
    const { user } = await createContact()
    await client
      .put('/aviseringar/installningar')
      .loginAs(user)
      .withCsrfToken()
      .form({ forum_reply: 'vecka', routine: 'direkt', meeting: 'direkt', deviation: 'av' })
      .redirects(0)
    const bad = await client
      .put('/aviseringar/installningar')
      .loginAs(user)
      .withCsrfToken()
      .form({
        forum_reply: 'varje-timme',
        routine: 'direkt',
        meeting: 'direkt',
        deviation: 'direkt',
      })
      .redirects(0)
    bad.assertStatus(302)
    const stored = Object.fromEntries(
      (await db.from('notification_preferences').where('user_id', user.id)).map((row) => [
        row.kind,
        row.delivery,
      ])
    )
    assert.deepEqual(stored, {
      forum_reply: 'vecka',
      routine: 'direkt',
      meeting: 'direkt',
      deviation: 'av',
    })
  })
})

test.group('Stored paths (routes are loaded by the HTTP suite)', () => {
  test('the paths stored in notifications are the routes of the pages they name', ({ assert }) => {
    assert.equal(paths.routine(7), router.makeUrl('routines.show', { id: 7 }))
    assert.equal(paths.meeting(7), router.makeUrl('meetings.show', { id: 7 }))
    assert.equal(paths.deviation(7), router.makeUrl('deviations.show', { id: 7 }))
    assert.equal(paths.extensionOrder(7), router.makeUrl('extension_orders.show', { id: 7 }))
    assert.equal(paths.extensionOrders(), router.makeUrl('extension_orders.index'))
    assert.equal(paths.thread(7, 9), `${router.makeUrl('forum.show', { id: 7 })}?inlagg=9#inlagg-9`)
  })
})
