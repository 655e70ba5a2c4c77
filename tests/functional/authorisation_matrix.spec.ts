/**
 * Every registered route against every role. A route that is not in the table below
 * fails the test, so each new route must declare who may use it.
 *
 *   A = allowed (no 403, no login redirect, no server error)
 *   F = 403 forbidden
 *   L = redirect to the login page
 *   H = redirect to the start page (pages for logged-out users only)
 *   N = 404 (another organisation's record does not exist for a contact)
 *   U = 401 (the JSON API without an access token)
 */
import { storagePath } from '#services/storage'
import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { periodWithShares } from '#tests/helpers/month_end_fixtures'
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import Import from '#models/import'
import type User from '#models/user'
import { createContact, UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'

type Outcome = 'A' | 'F' | 'L' | 'H' | 'N' | 'U'
type Roles = [samordnare: Outcome, controller: Outcome, telefoniansvarig: Outcome, guest: Outcome]

const OFFICE_ONLY: Roles = ['A', 'A', 'F', 'L']
const COORDINATOR_ONLY: Roles = ['A', 'F', 'F', 'L']
const EVERY_USER: Roles = ['A', 'A', 'A', 'L']
const CONTROLLER_ONLY: Roles = ['F', 'A', 'F', 'L']

const MATRIX: Record<string, Roles> = {
  'home': ['A', 'A', 'A', 'A'],
  'locale.update': ['A', 'A', 'A', 'A'],
  // for load balancers and monitoring: no login
  'health.live': ['A', 'A', 'A', 'A'],
  'health.ready': ['A', 'A', 'A', 'A'],
  'session.create': ['H', 'H', 'H', 'A'],
  'session.store': ['H', 'H', 'H', 'A'],
  // logging out ends on the login page, for a user as for a guest
  'session.destroy': ['L', 'L', 'L', 'L'],
  'password.edit': EVERY_USER,
  'password.update': EVERY_USER,
  'dashboard.show': EVERY_USER,
  // multiOrg: only a contact switches organisation (an empty form is re-shown: A)
  'organisation_choice.update': ['F', 'F', 'A', 'L'],
  'search.index': EVERY_USER,
  'notifications.index': EVERY_USER,
  'notifications.read_all': EVERY_USER,
  'notifications.preferences': EVERY_USER,
  'notifications.update_preferences': EVERY_USER,
  // another user's notification: 404 for everyone (it does not exist for them)
  'notifications.open': ['N', 'N', 'N', 'L'],
  'surveys.index': EVERY_USER,
  'announcements.index': EVERY_USER,
  'announcements.store': COORDINATOR_ONLY,
  'announcements.withdraw': COORDINATOR_ONLY,
  'surveys.create': COORDINATOR_ONLY,
  'surveys.store': COORDINATOR_ONLY,
  'surveys.show': EVERY_USER,
  // only telephony contacts answer the survey
  'surveys.respond': ['F', 'F', 'A', 'L'],
  'surveys.update_status': COORDINATOR_ONLY,
  'organisations.index': OFFICE_ONLY,
  // another organisation than the contact's own (own: see the organisations tests)
  'organisations.show': OFFICE_ONLY,
  'organisations.create': COORDINATOR_ONLY,
  'organisations.store': COORDINATOR_ONLY,
  'organisations.edit': COORDINATOR_ONLY,
  'organisations.update': COORDINATOR_ONLY,
  'imports.create': COORDINATOR_ONLY,
  'imports.store': COORDINATOR_ONLY,
  'extensions.index': EVERY_USER,
  'extensions.counts': EVERY_USER,
  'extensions.download': EVERY_USER,
  'extensions.unallocatable': OFFICE_ONLY,
  // a number of another organisation: 404 for a contact (it does not exist for them)
  'extensions.show': ['A', 'A', 'N', 'L'],
  'headcount.index': EVERY_USER,
  // extension orders (docs/adr/0026): contacts order for their own organisation only; the
  // order in the matrix is another organisation's, so a contact gets 404 on it
  'extension_orders.index': EVERY_USER,
  'extension_orders.create': ['F', 'F', 'A', 'L'],
  'extension_orders.store': ['F', 'F', 'A', 'L'],
  'extension_orders.upload': ['F', 'F', 'A', 'L'],
  'extension_orders.send': COORDINATOR_ONLY,
  'extension_orders.download': COORDINATOR_ONLY,
  'extension_orders.mark_sent': COORDINATOR_ONLY,
  'extension_orders.show': ['A', 'A', 'N', 'L'],
  'extension_orders.decide': ['A', 'F', 'N', 'L'],
  'extension_orders.complete': COORDINATOR_ONLY,
  'extension_orders.unused': EVERY_USER,
  // the coordinator orders on behalf of one organisation (issue 16 acceptance check)
  'extension_orders.order_removals': ['A', 'F', 'A', 'L'],
  // the e-mail of invoices (docs/adr/0025): the log and "Skicka igen" are the coordinator's
  // everyone: a contact sees their own organisation's deliveries only (tests/functional/deliveries)
  'deliveries.index': EVERY_USER,
  'deliveries.resend': COORDINATOR_ONLY,
  'calls.index': EVERY_USER,
  'routines.index': EVERY_USER,
  'routines.create': COORDINATOR_ONLY,
  'routines.store': COORDINATOR_ONLY,
  'routines.show': EVERY_USER,
  'routines.edit': COORDINATOR_ONLY,
  'routines.update': COORDINATOR_ONLY,
  'routines.publish': COORDINATOR_ONLY,
  'routines.history': EVERY_USER,
  'routines.acknowledge': ['F', 'F', 'A', 'L'],
  'routines.coverage': COORDINATOR_ONLY,
  'routines.remind': COORDINATOR_ONLY,
  'forum.index': EVERY_USER,
  'forum.create': EVERY_USER,
  'forum.store': EVERY_USER,
  'forum.reports': COORDINATOR_ONLY,
  'forum.show': EVERY_USER,
  'forum.reply': EVERY_USER,
  'forum.moderate_thread': COORDINATOR_ONLY,
  'forum.subscribe': EVERY_USER,
  'forum.subscribe_category': EVERY_USER,
  // the post is someone else's: only its author edits it, or the coordinator with a visible note
  'forum.edit_post': ['A', 'F', 'F', 'L'],
  'forum.update_post': ['A', 'F', 'F', 'L'],
  // the thread author or the coordinator marks the solution
  'forum.solution': COORDINATOR_ONLY,
  'forum.report': EVERY_USER,
  'forum.moderate_post': COORDINATOR_ONLY,
  'deviations.index': EVERY_USER,
  'deviations.create': ['F', 'F', 'A', 'L'],
  'deviations.store': ['F', 'F', 'A', 'L'],
  // another organisation's deviation: 404 for a contact
  'deviations.show': ['A', 'A', 'N', 'L'],
  'deviations.update_status': COORDINATOR_ONLY,
  'deviations.forward': COORDINATOR_ONLY,
  // feedback routed to organisations (issue 16, point 5): another organisation's is 404 for a contact
  'feedback.index': EVERY_USER,
  'feedback.create': COORDINATOR_ONLY,
  'feedback.store': COORDINATOR_ONLY,
  'feedback.report': COORDINATOR_ONLY,
  'feedback.download': COORDINATOR_ONLY,
  'feedback.show': ['A', 'A', 'N', 'L'],
  'feedback.answer': ['F', 'F', 'N', 'L'],
  'quality.download': OFFICE_ONLY,
  'quality_targets.index': OFFICE_ONLY,
  'quality_targets.store': COORDINATOR_ONLY,
  'quality.supplier_report': OFFICE_ONLY,
  // another organisation's report: 403 for a contact
  'quality.organisation_report': OFFICE_ONLY,
  'quality.credit': COORDINATOR_ONLY,
  'quality.explain': COORDINATOR_ONLY,
  'allocations.index': EVERY_USER,
  'allocations.run': OFFICE_ONLY,
  'allocations.show': EVERY_USER,
  'allocations.approve': CONTROLLER_ONLY,
  'allocations.reopen': CONTROLLER_ONLY,
  // another organisation's share: 403 for a contact
  'allocations.evidence': OFFICE_ONLY,
  'invoices.index': EVERY_USER,
  'cost_pools.index': OFFICE_ONLY,
  'cost_pools.create': COORDINATOR_ONLY,
  'cost_pools.store': COORDINATOR_ONLY,
  'cost_pools.edit': COORDINATOR_ONLY,
  'cost_pools.update': COORDINATOR_ONLY,
  'finance.export': OFFICE_ONLY,
  'finance_exports.index': OFFICE_ONLY,
  'finance_exports.store': CONTROLLER_ONLY,
  // a contact's list holds only their own organisation's rows (see month_end_lists.spec.ts)
  'month_end_lists.download': EVERY_USER,
  'finance_exports.download': OFFICE_ONLY,
  'invoices.numbering': OFFICE_ONLY,
  'invoices.issue': CONTROLLER_ONLY,
  // another organisation's invoice: 403 for a contact
  'invoices.download': OFFICE_ONLY,
  // the same for the e-invoice (a company's own contact: see ubl.spec.ts)
  'invoices.ubl': OFFICE_ONLY,
  'invoices.credit': CONTROLLER_ONLY,
  'invoices.correct': CONTROLLER_ONLY,
  'invoices.correctPeriod': CONTROLLER_ONLY,
  // issue 15 (docs/adr/0024): confirmation pages and warnings read
  'allocations.confirmApproval': CONTROLLER_ONLY,
  'allocations.markWarningsRead': OFFICE_ONLY,
  'invoices.confirmIssue': CONTROLLER_ONLY,
  'invoices.creditForm': CONTROLLER_ONLY,
  'supplier_invoices.index': OFFICE_ONLY,
  'supplier_invoices.show': OFFICE_ONLY,
  'admin.index': COORDINATOR_ONLY,
  'imports.index': COORDINATOR_ONLY,
  'imports.show': COORDINATOR_ONLY,
  'imports.errors': COORDINATOR_ONLY,
  'imports.rejected_rows': COORDINATOR_ONLY,
  'audit.index': COORDINATOR_ONLY,
  'settings.index': COORDINATOR_ONLY,
  'settings.update': COORDINATOR_ONLY,
  'categories.index': COORDINATOR_ONLY,
  'categories.store': COORDINATOR_ONLY,
  'categories.update': COORDINATOR_ONLY,
  'categories.archive': COORDINATOR_ONLY,
  'categories.restore': COORDINATOR_ONLY,
  'categories.destroy': COORDINATOR_ONLY,
  'users.index': COORDINATOR_ONLY,
  'users.create': COORDINATOR_ONLY,
  'users.store': COORDINATOR_ONLY,
  'users.edit': COORDINATOR_ONLY,
  'users.update': COORDINATOR_ONLY,
  'users.reset_password': COORDINATOR_ONLY,
  'users.deactivate': COORDINATOR_ONLY,
  'users.activate': COORDINATOR_ONLY,
  'access_tokens.store': COORDINATOR_ONLY,
  'access_tokens.destroy': COORDINATOR_ONLY,
  // the API takes access tokens only: a browser session gets 401 (tokens: see api.spec.ts)
  'api.periods': ['U', 'U', 'U', 'U'],
  'api.allocation': ['U', 'U', 'U', 'U'],
  'api.invoices': ['U', 'U', 'U', 'U'],
  'meetings.index': EVERY_USER,
  'meetings.create': COORDINATOR_ONLY,
  'meetings.store': COORDINATOR_ONLY,
  'meetings.show': EVERY_USER,
  'meetings.edit': COORDINATOR_ONLY,
  'meetings.update': COORDINATOR_ONLY,
  'meetings.respond': EVERY_USER,
  // cancelling (docs/adr/0031): the matrix meeting has ended, so the coordinator is refused
  // with a message (a redirect: A)
  'meetings.cancel': COORDINATOR_ONLY,
  'meetings.minutes': COORDINATOR_ONLY,
  'meetings.publish_minutes': COORDINATOR_ONLY,
  'meetings.minutes_pdf': EVERY_USER,
  // the coordinator attached the period's report to the meeting: every participant reads it
  'meetings.quality_report': EVERY_USER,
  // governance meetings (docs/adr/0027): the matrix meeting is a nätverksträff, so its
  // calendar file is everyone's; decisions, action items and the steering group are the
  // coordinator's (who may see a governance meeting: tests/functional/governance_meetings)
  'meetings.calendar': EVERY_USER,
  'meetings.store_decision': COORDINATOR_ONLY,
  'meetings.store_action_item': COORDINATOR_ONLY,
  'meetings.resend_invitations': COORDINATOR_ONLY,
  'meeting_action_items.complete': COORDINATOR_ONLY,
  'steering_group.edit': COORDINATOR_ONLY,
  'steering_group.update': COORDINATOR_ONLY,
  // issue 17 (helper H): ranges, opening hours, the call list (a contact's own calls), reports
  'quality_range.show': OFFICE_ONLY,
  'opening_hours.index': OFFICE_ONLY,
  'opening_hours.update': COORDINATOR_ONLY,
  'opening_hours.store_period': COORDINATOR_ONLY,
  'opening_hours.destroy_period': COORDINATOR_ONLY,
  'call_list.index': EVERY_USER,
  'reports.tertial': OFFICE_ONLY,
  'reports.tertial_pdf': OFFICE_ONLY,
  'reports.cost_trends': EVERY_USER,
  'api.quality': ['U', 'U', 'U', 'U'],
  // issue 16 point 9 (helper F): the import API — a key with the import scope only
  // (scopes, roles and refusals: import_api.spec.ts)
  'api.imports.store': ['U', 'U', 'U', 'U'],
  'api.imports.show': ['U', 'U', 'U', 'U'],
  // issue 17 (helper g): budget (office; the coordinator edits), next year's fee (a contact
  // sees their own; another organisation's PDF does not exist for them), the JSON API
  'budget.index': OFFICE_ONLY,
  'budget.edit': COORDINATOR_ONLY,
  'budget.update': COORDINATOR_ONLY,
  'budget.method': COORDINATOR_ONLY,
  'budget.true_up': COORDINATOR_ONLY,
  'fee_preview.index': EVERY_USER,
  'fee_preview.pdf': ['A', 'A', 'N', 'L'],
  'api.budget': ['U', 'U', 'U', 'U'],
  'api.fee_preview': ['U', 'U', 'U', 'U'],
}

interface RouteInfo {
  name: string
  method: string
  pattern: string
}

function registeredRoutes(): RouteInfo[] {
  return Object.values(router.toJSON())
    .flat()
    .map((route) => ({
      name: route.name ?? route.pattern,
      method: route.methods.find((method) => method !== 'HEAD')!,
      pattern: route.pattern,
    }))
}

test.group('Authorisation matrix', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('every registered route is declared in the matrix', ({ assert }) => {
    const missing = registeredRoutes()
      .map((route) => route.name)
      .filter((name) => !(name in MATRIX))
    assert.deepEqual(missing, [], `declare these routes in the matrix: ${missing.join(', ')}`)
  })

  test('each role gets the declared outcome on every route', async ({ client, assert }) => {
    const coordinator = await UserFactory.create()
    const controller = await UserFactory.apply('controller').create()
    const { user: contact } = await createContact()
    const otherOrganisation = await OrganisationFactory.create()
    // a contact of two organisations (docs/adr/0028), acting for the second: every
    // record below belongs to a third one, so they get what a contact gets
    const { user: multiContact, organisation: homeOfMulti } = await createContact()
    const secondOfMulti = await OrganisationFactory.create()
    await db
      .table('user_organisations')
      .insert({ user_id: multiContact.id, organisation_id: secondOfMulti.id })
    const target = await UserFactory.create()
    const record = await Import.create({
      type: 'organisations',
      fileName: 'x.csv',
      checksum: 'abc',
      idempotencyKey: 'abc',
      status: 'rejected',
      options: {},
      warnings: [],
      errors: [{ line: 2, column: 'Kod', message: 'rad 2: Kod saknas' }],
    })
    await db.table('extensions').insert({
      number: '0850899999',
      organisation_id: otherOrganisation.id,
      name: 'Annan organisations anknytning',
      valid_from: '2020-01-01',
    })
    const [supplierInvoice] = await db
      .table('supplier_invoices')
      .insert({
        invoice_number: 'LF-1',
        invoice_date: '2026-11-05',
        period: '2026-10',
        net_ore: 100,
        content_hash: 'x',
      })
      .returning('id')
    await periodWithShares('2026-10', [{ organisationId: otherOrganisation.id, amountOre: 1000 }], {
      status: 'draft',
    })
    const pool = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
    const pdf = Buffer.from('%PDF-1.4 test')
    await mkdir(storagePath('invoices', 'test'), { recursive: true })
    await writeFile(storagePath('invoices', 'test', 'matrix.pdf'), pdf)
    const [invoice] = await db
      .table('invoices')
      .insert({
        number: '2099-00001',
        year: 2099,
        sequence: 1,
        kind: 'invoice',
        period: '2026-10',
        organisation_id: otherOrganisation.id,
        issue_date: '2026-11-05',
        due_date: '2026-12-05',
        vat_rate_percent: 0,
        net_ore: 1000,
        vat_ore: 0,
        total_ore: 1000,
        pdf_path: 'invoices/test/matrix.pdf',
        pdf_sha256: createHash('sha256').update(pdf).digest('hex'),
      })
      .returning('id')
    // the invoice's e-mail, sent (so "Skicka igen" may queue it again)
    const [delivery] = await db
      .table('document_deliveries')
      .insert({
        invoice_id: invoice.id,
        organisation_id: otherOrganisation.id,
        status: 'sent',
        attempts: 1,
        sent_at: new Date(),
      })
      .returning('id')
    // export batch 1 holds the invoice above (its CSV and SIE 4 in the storage)
    const { createExportBatch } = await import('#actions/month_end/export_batches')
    await createExportBatch(null)
    const [deviation] = await db
      .table('deviations')
      .insert({
        organisation_id: otherOrganisation.id,
        reported_by: target.id,
        occurred_at: new Date(),
        type: 'annat',
        description: 'Annan organisations avvikelse',
      })
      .returning('id')
    const [feedback] = await db
      .table('organisation_feedback')
      .insert({
        organisation_id: otherOrganisation.id,
        type: 'klagomal',
        received_on: '2026-10-01',
        description: 'Annan organisations återkoppling',
      })
      .returning('id')
    const [category] = await db
      .table('routine_categories')
      .insert({ name: 'Matris' })
      .returning('id')
    const [routine] = await db
      .table('routines')
      .insert({ category_id: category.id, draft_title: 'Matrisrutin', draft_body: 'Text' })
      .returning('id')
    await db.table('routine_versions').insert({
      routine_id: routine.id,
      version: 1,
      title: 'Matrisrutin',
      body: 'Text',
      change_note: 'Första',
      significant: true,
    })
    const forumCategory = await db.from('forum_categories').firstOrFail()
    const [thread] = await db
      .table('forum_threads')
      .insert({ category_id: forumCategory.id, title: 'Matristråd', author_id: target.id })
      .returning('id')
    await db
      .table('forum_posts')
      .insert({ thread_id: thread.id, author_id: target.id, body: 'Fråga' })
    const [post] = await db
      .table('forum_posts')
      .insert({ thread_id: thread.id, author_id: target.id, body: 'Svar' })
      .returning('id')
    const [meeting] = await db
      .table('meetings')
      .insert({
        title: 'Matristräff',
        starts_at: new Date('2026-12-01T09:00:00Z'),
        ends_at: new Date('2026-12-01T10:00:00Z'),
        place: 'Stadshuset',
        period: '2026-10',
        minutes: 'Anteckningar',
        minutes_pdf_path: 'invoices/test/matrix.pdf',
        minutes_pdf_sha256: createHash('sha256').update(pdf).digest('hex'),
      })
      .returning('id')
    const [actionItem] = await db
      .table('meeting_action_items')
      .insert({
        meeting_id: meeting.id,
        text: 'Matrisåtgärd',
        owner_name: 'Gäst',
        due_date: '2027-01-01',
      })
      .returning('id')
    const [notification] = await db
      .table('notifications')
      .insert({
        user_id: target.id,
        kind: 'meeting',
        title: 'Annans avisering',
        url: '/natverkstraffar',
        mail_status: 'none',
      })
      .returning('id')
    const [survey] = await db
      .table('surveys')
      .insert({ title: 'Matrisenkät', year: 2026, status: 'oppen' })
      .returning('id')
    await db
      .table('survey_questions')
      .insert({ survey_id: survey.id, position: 1, text: 'Hur nöjd är du?' })
    const [extensionOrder] = await db
      .table('extension_orders')
      .insert({
        organisation_id: otherOrganisation.id,
        kind: 'remove',
        number: '0850899999',
        wished_date: '2026-12-01',
        ordered_by: target.id,
      })
      .returning('id')
    const [openingPeriod] = await db
      .table('opening_periods')
      .insert({ kind: 'closed', starts_on: '2026-12-24', ends_on: '2026-12-24' })
      .returning('id')
    // issue 17 (helper g): a 2026 budget, so the other organisation has a fee preview (and a PDF)
    await db
      .table('budgets')
      .insert({ cost_pool_id: pool.id, year: 2026, month: 1, amount_ore: 1200 })
    const params: Record<string, string | number> = { id: 0 }
    // the id a route's :id stands for, by route-name prefix (the first match wins)
    const idByPrefix: [string, number][] = [
      ['users.', target.id],
      ['access_tokens.', target.id],
      ['opening_hours.', openingPeriod.id],
      ['imports.', record.id],
      ['notifications.', notification.id],
      ['surveys.', survey.id],
      ['meetings.', meeting.id],
      ['meeting_action_items.', actionItem.id],
      ['routines.', routine.id],
      ['categories.', category.id],
      ['deviations.', deviation.id],
      ['extension_orders.', extensionOrder.id],
      ['feedback.', feedback.id],
      ['deliveries.', delivery.id],
      ['cost_pools.', pool.id],
      ['supplier_invoices.', supplierInvoice.id],
      ['invoices.', invoice.id],
    ]
    const idFor = (name: string, pattern: string) => {
      if (name.startsWith('forum.')) {
        if (pattern.includes('/inlagg/')) return post.id
        return pattern.includes('/kategori/') ? forumCategory.id : thread.id
      }
      return idByPrefix.find(([prefix]) => name.startsWith(prefix))?.[1] ?? otherOrganisation.id
    }

    const actors: (User | null)[] = [coordinator, controller, contact, null, multiContact]
    // the multi-organisation contact is judged by the contact's column
    const column = [0, 1, 2, 3, 2]
    const failures: string[] = []
    for (const route of registeredRoutes()) {
      const expected = MATRIX[route.name]
      if (!expected) continue
      params.id = idFor(route.name, route.pattern)
      const url = route.pattern
        .replace(':id', String(params.id))
        .replace(':type', 'organisations')
        .replace(':number', '0850899999')
        .replace(':period', '2026-10')
        .replace(':pool', 'TELEFONIST')
        .replace(':organisation', String(otherOrganisation.id))
        .replace(':tokenId', '1')
        // the import API's kinds (helper F)
        .replace('/imports/:kind', '/imports/headcount')
        .replace(':kind', 'rutiner')
        .replace(':batch', '1')
        .replace(':list', 'fakturor')
        .replace(':format', 'csv')
        .replace(':year', '2026')
        .replace(':tertial', '2')
      for (const [index, actor] of actors.entries()) {
        let request = client.request(url, route.method as 'GET').redirects(0)
        if (actor) request = request.loginAs(actor)
        if (actor === multiContact) {
          request = request.withSession({
            organisationChoice: { userId: multiContact.id, organisationId: secondOfMulti.id },
          })
        }
        if (route.method !== 'GET') request = request.withCsrfToken()
        const response = await request
        const status = response.status()
        const location = response.header('location') ?? ''
        const outcome: Outcome =
          status === 401
            ? 'U'
            : status === 403
              ? 'F'
              : status === 302 && location.startsWith('/logga-in')
                ? 'L'
                : status === 302 && location === '/oversikt' && route.name.startsWith('session.')
                  ? 'H'
                  : status === 404
                    ? 'N'
                    : status >= 500
                      ? ('X' as Outcome)
                      : 'A'
        if (outcome !== expected[column[index]]) {
          const role = actor ? actor.role : 'utloggad'
          const who = actor === multiContact ? `${role} för flera organisationer` : role
          failures.push(
            `${route.method} ${url} (${route.name}) som ${who}: väntat ${expected[column[index]]}, fick ${outcome} (${status} ${location})`
          )
        }
      }
    }
    assert.deepEqual(failures, [])
    // and the multi-organisation contact's own organisations are allowed, both of them
    for (const own of [homeOfMulti, secondOfMulti]) {
      const response = await client
        .get(`/organisationer/${own.id}`)
        .loginAs(multiContact)
        .withSession({
          organisationChoice: { userId: multiContact.id, organisationId: own.id },
        })
      assert.equal(response.status(), 200, `organisation ${own.code}`)
    }
  }).timeout(90000)
})
