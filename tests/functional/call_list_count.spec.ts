/**
 * The call list says how many calls match its filter (docs/adr/0032 §5): from the range
 * aggregates where the filter is expressible there, else counted from the calls with a cap.
 * Both must give the number of calls the list pages through: this test imports random calls
 * (the real import, so the aggregates are the real ones) and compares the page's figure with
 * a count over `call_records` made here.
 *
 * The import commits on its own connection, so this group commits and cleans up.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importCalls } from '#actions/calls/import_calls'
import { countCalls, COUNT_CAP } from '#queries/calls/call_count'
import { listCalls, type CallCursor, type CallFilter } from '#queries/calls/call_list'
import { deleteAuditEntries } from '#tests/helpers/audit_cleanup'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'

const TABLES =
  'call_records, call_hourly, call_daily, call_hourly_org, call_monthly, call_daily_open, call_monthly_open, call_monthly_org, import_rejected_rows, extensions, retention_runs'
const PREFIX = 'COUNTTEST'

async function cleanUp() {
  await db.rawQuery(`TRUNCATE ${TABLES} CASCADE`)
  await db.from('imports').where('type', 'calls').delete()
  await deleteAuditEntries((q) => q.whereIn('entity_type', ['import']))
  await User.query().where('email', 'like', 'call-count-%').delete()
  await db.from('organisations').where('code', 'like', `${PREFIX}%`).delete()
}

function random(seed: number) {
  let state = seed
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return Math.floor((state / 2_147_483_648) * n)
  }
}

const pad = (n: number) => String(n).padStart(2, '0')
const OUTCOMES = ['Besvarat', 'Kopplat', 'Avbrutet', 'Meddelande']
const HEADER = 'SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad'

/** Random calls February–November 2026, more of them on the two DST days. */
function randomCalls(seed: number, count: number) {
  const next = random(seed)
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    const date =
      next(6) === 0
        ? ['2026-03-29', '2026-10-25', '2026-03-31', '2026-11-01'][next(4)]
        : new Date(Date.UTC(2026, 1, 1) + next(290) * 86_400_000).toISOString().slice(0, 10)
    const start = `${date}T${pad(next(24))}:${pad(next(60))}:${pad(next(60))}Z`
    const outcome = OUTCOMES[next(4)]
    const extension =
      outcome === 'Kopplat' || outcome === 'Meddelande'
        ? ['0850820001', '0850820002', '0850829999'][next(3)]
        : ''
    lines.push(
      `C${seed}-${i};${start};${['0850811000', '0850812000'][next(2)]};${next(400)};${next(300)};${outcome};${extension};1,25`
    )
  }
  return lines
}

async function callsFile(lines: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'vaxelnavet-count-'))
  const path = join(dir, 'calls.csv')
  await writeFile(path, Buffer.from([HEADER, ...lines].join('\r\n') + '\r\n', 'latin1'))
  return path
}

/** The figure the page shows ("1 234 samtal matchar filtret"), as a number. */
function shownCount(html: string) {
  const match = /<p class="call-count" role="status">([^<]*)<\/p>/.exec(html)
  if (!match) throw new Error('the page shows no count')
  if (/^Fler än/.test(match[1])) return { overCap: true, text: match[1] }
  return { overCap: false, calls: Number(match[1].replace(/\D/g, '')), text: match[1] }
}

/** The same filter counted over the calls themselves, in SQL written here. */
async function counted(query: Record<string, string | number>, organisationOf?: number) {
  const where = [
    `started_at >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')`,
    `started_at < ((?::date + 1)::timestamp AT TIME ZONE 'Europe/Stockholm')`,
  ]
  const values: unknown[] = [`${query.fran} 00:00`, query.till]
  const local = `(started_at AT TIME ZONE 'Europe/Stockholm')`
  if (query.ingang) where.push('entry_number = ?') && values.push(query.ingang)
  if (query.utfall === 'besvarade') where.push(`outcome <> 'avbrutet'`)
  else if (query.utfall) where.push('outcome = ?') && values.push(query.utfall)
  if (query.vantetidHogst !== undefined)
    where.push('wait_seconds <= ?') && values.push(query.vantetidHogst)
  if (query.vantetidOver !== undefined)
    where.push('wait_seconds > ?') && values.push(query.vantetidOver)
  if (query.organisation) where.push('organisation_id = ?') && values.push(query.organisation)
  if (query.timme !== undefined)
    where.push(`extract(hour from ${local}) = ?`) && values.push(query.timme)
  if (query.veckodag !== undefined)
    where.push(`extract(isodow from ${local}) = ?`) && values.push(query.veckodag)
  if (query.anknytning) where.push('extension = ?') && values.push(query.anknytning)
  if (organisationOf !== undefined)
    where.push(`organisation_id = ? AND outcome IN ('kopplat', 'meddelande')`) &&
      values.push(organisationOf)
  const { rows } = await db.rawQuery(
    `SELECT count(*)::int AS n FROM call_records WHERE ${where.join(' AND ')}`,
    values
  )
  return rows[0].n as number
}

const qs = (query: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()

test.group('Call list count', (group) => {
  group.each.setup(async () => {
    await cleanUp()
    return cleanUp
  })

  test('the count shown equals a count over the calls: from the aggregates where the filter is expressible there, else from the calls', async ({
    client,
    assert,
  }) => {
    const now = new Date()
    const organisations = await db
      .table('organisations')
      .multiInsert(
        [`${PREFIX}-A`, `${PREFIX}-B`].map((code) => ({
          code,
          name: code,
          kind: 'forvaltning',
          active_from: '2009-01-01',
          created_at: now,
          updated_at: now,
        }))
      )
      .returning('id')
    const [a, b] = organisations.map((row) => Number(row.id))
    await db.table('extensions').multiInsert([
      { number: '0850820001', organisation_id: a, valid_from: '2025-01-01' },
      { number: '0850820002', organisation_id: b, valid_from: '2025-01-01' },
    ])
    const lines = randomCalls(23, 2000)
    // the fast path, then the staging path (a repeated call) into the same months
    const first = lines.filter((_, i) => i % 2 === 0)
    const second = [lines[0], ...lines.filter((_, i) => i % 2 === 1)]
    for (const part of [first, second])
      assert.equal(
        (await importCalls({ filePath: await callsFile(part), fileName: 'c.csv', userId: null }))
          .status,
        'imported'
      )
    const coordinator = await UserFactory.merge({
      email: `call-count-${Date.now()}@example.se`,
    }).create()
    const contact = await UserFactory.merge({
      email: `call-count-contact-${Date.now()}@example.se`,
      role: 'telefoniansvarig',
      organisationId: a,
    }).create()

    const cases: [Record<string, string | number>, 'aggregates' | 'calls'][] = [
      [{ fran: '2026-03-01', till: '2026-03-31' }, 'aggregates'],
      [{ fran: '2026-01-01', till: '2026-12-31' }, 'aggregates'],
      [{ fran: '2026-03-29', till: '2026-03-29' }, 'aggregates'],
      [{ fran: '2026-10-25', till: '2026-11-01', utfall: 'avbrutet' }, 'aggregates'],
      [
        {
          fran: '2026-03-15',
          till: '2026-05-10',
          ingang: '0850811000',
          utfall: 'besvarade',
          vantetidHogst: 20,
        },
        'aggregates',
      ],
      [{ fran: '2026-02-10', till: '2026-09-20', vantetidOver: 60 }, 'aggregates'],
      [{ fran: '2026-02-10', till: '2026-09-20', vantetidOver: 300 }, 'aggregates'],
      [
        { fran: '2026-02-20', till: '2026-10-25', organisation: a, utfall: 'kopplat' },
        'aggregates',
      ],
      [{ fran: '2026-03-29', till: '2026-10-31', organisation: b }, 'aggregates'],
      // a weekday or an hour over at most 92 days: the hourly tables, in Stockholm time
      [{ fran: '2026-03-20', till: '2026-04-10', timme: 2 }, 'aggregates'],
      [{ fran: '2026-10-01', till: '2026-11-01', veckodag: 7, utfall: 'kopplat' }, 'aggregates'],
      [{ fran: '2026-10-25', till: '2026-10-25', timme: 2, vantetidHogst: 30 }, 'aggregates'],
      [{ fran: '2026-03-25', till: '2026-04-30', organisation: a, timme: 10 }, 'aggregates'],
      // not expressible in the aggregates: counted from the calls
      [{ fran: '2026-03-01', till: '2026-06-30', vantetidHogst: 13 }, 'calls'],
      [{ fran: '2026-03-01', till: '2026-06-30', vantetidOver: 301 }, 'calls'],
      [{ fran: '2026-02-01', till: '2026-11-30', timme: 9 }, 'calls'],
      [{ fran: '2026-02-01', till: '2026-11-30', veckodag: 7 }, 'calls'],
      [{ fran: '2026-02-01', till: '2026-11-30', anknytning: '0850829999' }, 'calls'],
      [{ fran: '2026-02-01', till: '2026-11-30', organisation: a, ingang: '0850812000' }, 'calls'],
    ]
    for (const [query, source] of cases) {
      const expected = await counted(query)
      const page = await client.get(`/samtal/samtalslista?${qs(query)}`).loginAs(coordinator)
      page.assertStatus(200)
      const shown = shownCount(page.text())
      assert.equal(shown.calls, expected, `${qs(query)}: ${shown.text}`)
      const filter = {
        from: String(query.fran),
        to: String(query.till),
        ...(query.organisation ? { organisationId: Number(query.organisation) } : {}),
        ...(query.ingang ? { entry: String(query.ingang) } : {}),
        ...(query.utfall ? { outcome: query.utfall as any } : {}),
        ...(query.vantetidHogst !== undefined ? { waitMax: Number(query.vantetidHogst) } : {}),
        ...(query.vantetidOver !== undefined ? { waitMin: Number(query.vantetidOver) } : {}),
        ...(query.timme !== undefined ? { hour: Number(query.timme) } : {}),
        ...(query.veckodag !== undefined ? { weekday: Number(query.veckodag) } : {}),
        ...(query.anknytning ? { extension: String(query.anknytning) } : {}),
      }
      assert.equal((await countCalls(filter, { organisationId: null })).source, source, qs(query))
    }
    assert.isAbove(await counted({ fran: '2026-01-01', till: '2026-12-31' }), 1900)

    // a contact: only the calls transferred to their organisation
    const contactCases: Record<string, string>[] = [
      { fran: '2026-01-01', till: '2026-12-31' },
      { fran: '2026-03-29', till: '2026-10-25', utfall: 'meddelande' },
      { fran: '2026-03-29', till: '2026-10-25', ingang: '0850811000' },
      { fran: '2026-03-01', till: '2026-05-31', timme: '11' },
    ]
    for (const query of contactCases) {
      const page = await client.get(`/samtal/samtalslista?${qs(query)}`).loginAs(contact)
      page.assertStatus(200)
      assert.equal(shownCount(page.text()).calls, await counted(query, a), qs(query))
    }

    // after a retention run the calls before its cutoff are gone but the aggregates stay:
    // a range reaching back before the cutoff is counted from the calls
    await db.rawQuery(
      `DELETE FROM call_records WHERE started_at < ('2026-06-01'::timestamp AT TIME ZONE 'Europe/Stockholm')`
    )
    await db
      .table('retention_runs')
      .insert({ cutoff: '2026-06-01', deleted_rows: 1, kept_for_deviations: 0 })
    for (const query of [
      { fran: '2026-05-01', till: '2026-07-31' },
      { fran: '2026-06-01', till: '2026-07-31' },
    ]) {
      const page = await client.get(`/samtal/samtalslista?${qs(query)}`).loginAs(coordinator)
      assert.equal(shownCount(page.text()).calls, await counted(query), qs(query))
    }
  }).timeout(120_000)

  test('counted from the calls, more than 10 000 is shown as "fler än 10 000 samtal"', async ({
    client,
    assert,
  }) => {
    const lines = Array.from(
      { length: COUNT_CAP + 5 },
      (_, i) =>
        `CAP-${i};2026-04-07T${pad(7 + (i % 8))}:${pad(i % 60)}:${pad(Math.floor(i / 60) % 60)}Z;0850811000;${i % 50};60;Besvarat;;0,50`
    )
    await importCalls({ filePath: await callsFile(lines), fileName: 'cap.csv', userId: null })
    const coordinator = await UserFactory.merge({
      email: `call-count-cap-${Date.now()}@example.se`,
    }).create()
    const over = await client
      .get('/samtal/samtalslista?fran=2026-04-07&vantetidHogst=49')
      .loginAs(coordinator)
    over.assertStatus(200)
    assert.include(shownCount(over.text()).text, 'Fler än 10')
    assert.include(shownCount(over.text()).text, '000 samtal matchar filtret')
    // the same day from the aggregates: the exact number
    const exact = await client.get('/samtal/samtalslista?fran=2026-04-07').loginAs(coordinator)
    assert.equal(shownCount(exact.text()).calls, COUNT_CAP + 5)
  }).timeout(120_000)

  test('a weekday or hour filter lists exactly the calls of those Stockholm hours, newest first, page by page in both directions (DST days included)', async ({
    assert,
  }) => {
    const lines = randomCalls(29, 1500)
    assert.equal(
      (await importCalls({ filePath: await callsFile(lines), fileName: 'c.csv', userId: null }))
        .status,
      'imported'
    )
    const organisation = Number(
      (await db.from('call_records').whereNotNull('organisation_id').first())?.organisation_id ?? 0
    )
    const filters: CallFilter[] = [
      { from: '2026-03-20', to: '2026-04-10', hour: 2 },
      { from: '2026-10-20', to: '2026-10-31', hour: 2 },
      { from: '2026-02-01', to: '2026-11-30', hour: 9 },
      { from: '2026-02-01', to: '2026-11-30', hour: 0 },
      { from: '2026-02-01', to: '2026-11-30', hour: 23, outcome: 'avbrutet' },
      { from: '2026-02-01', to: '2026-11-30', weekday: 7 },
      { from: '2026-03-29', to: '2026-03-29', weekday: 7, hour: 3 },
      { from: '2026-10-01', to: '2026-11-01', weekday: 7, hour: 2 },
      { from: '2026-03-01', to: '2026-10-31', weekday: 1, entry: '0850811000', waitMax: 100 },
    ]
    const local = `(started_at AT TIME ZONE 'Europe/Stockholm')`
    for (const reader of [{ organisationId: null }, { organisationId: organisation }]) {
      for (const filter of filters) {
        const where = [
          `started_at >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')`,
          `started_at < ((?::date + 1)::timestamp AT TIME ZONE 'Europe/Stockholm')`,
        ]
        const values: unknown[] = [`${filter.from} 00:00`, filter.to]
        if (filter.hour !== undefined)
          where.push(`extract(hour from ${local}) = ?`) && values.push(filter.hour)
        if (filter.weekday !== undefined)
          where.push(`extract(isodow from ${local}) = ?`) && values.push(filter.weekday)
        if (filter.outcome) where.push('outcome = ?') && values.push(filter.outcome)
        if (filter.entry) where.push('entry_number = ?') && values.push(filter.entry)
        if (filter.waitMax !== undefined)
          where.push('wait_seconds <= ?') && values.push(filter.waitMax)
        if (reader.organisationId !== null)
          where.push(`organisation_id = ? AND outcome IN ('kopplat', 'meddelande')`) &&
            values.push(reader.organisationId)
        const { rows } = await db.rawQuery(
          `SELECT call_id FROM call_records WHERE ${where.join(' AND ')}
            ORDER BY started_at DESC, call_id DESC`,
          values
        )
        const expected = (rows as { call_id: string }[]).map((row) => row.call_id)
        const label = `${JSON.stringify(filter)} ${JSON.stringify(reader)}`
        // older and older from the first page to the last
        const pages: string[][] = []
        let cursor: CallCursor | null = null
        for (;;) {
          const page = await listCalls(filter, { page: pages.length + 1, cursor }, reader)
          pages.push(page.rows.map((row) => row.call_id as string))
          if (!page.hasMore) break
          const [startedAt, callId] = page.last!.split('~')
          cursor = { direction: 'older', startedAt, callId }
        }
        assert.deepEqual(pages.flat(), expected, label)
        // and back: the page newer than the last one is the one before it
        if (pages.length > 1) {
          const last = await listCalls(filter, { page: pages.length, cursor }, reader)
          const [startedAt, callId] = last.first!.split('~')
          const newer = await listCalls(
            filter,
            { page: pages.length - 1, cursor: { direction: 'newer', startedAt, callId } },
            reader
          )
          assert.deepEqual(
            newer.rows.map((row) => row.call_id),
            pages[pages.length - 2],
            label
          )
        }
        if (reader.organisationId === null) assert.isAbove(expected.length, 0, label)
      }
    }
  }).timeout(120_000)

  test('a count that would take longer than its budget is not waited for: the page lists the calls and says they were not counted', async ({
    client,
    assert,
  }) => {
    const lines = randomCalls(31, 300)
    await importCalls({ filePath: await callsFile(lines), fileName: 'c.csv', userId: null })
    const coordinator = await UserFactory.merge({
      email: `call-count-budget-${Date.now()}@example.se`,
    }).create()
    const newest = await db
      .from('call_records')
      .whereRaw(`started_at < ('2026-04-01'::timestamp AT TIME ZONE 'Europe/Stockholm')`)
      .whereRaw(`started_at >= ('2026-03-01'::timestamp AT TIME ZONE 'Europe/Stockholm')`)
      .orderBy('started_at', 'desc')
      .orderBy('call_id', 'desc')
      .first()
    // another transaction holds the monthly sums a month's count reads: the count waits for
    // them, the list does not (released after 10 s whatever happens, so nothing hangs)
    const lock = await db.transaction()
    const release = setTimeout(() => lock.rollback().catch(() => {}), 10_000)
    try {
      await lock.rawQuery('LOCK TABLE call_monthly IN ACCESS EXCLUSIVE MODE')
      const started = Date.now()
      const page = await client
        .get('/samtal/samtalslista?fran=2026-03-01&till=2026-03-31')
        .loginAs(coordinator)
      page.assertStatus(200)
      assert.include(
        page.text(),
        'Antalet samtal som matchar filtret räknades inte: det hade tagit för lång tid.'
      )
      assert.include(page.text(), newest.call_id)
      assert.isBelow(Date.now() - started, 8_000)
      const budget = await countCalls(
        { from: '2026-03-01', to: '2026-03-31' },
        { organisationId: null },
        50
      )
      assert.deepEqual(budget, {
        calls: null,
        overCap: false,
        source: 'aggregates',
        cap: COUNT_CAP,
        timedOut: true,
      })
    } finally {
      clearTimeout(release)
      if (!lock.isCompleted) await lock.rollback()
    }
    // counted from the calls: the same budget
    const lockCalls = await db.transaction()
    const releaseCalls = setTimeout(() => lockCalls.rollback().catch(() => {}), 10_000)
    try {
      await lockCalls.rawQuery('LOCK TABLE call_records IN ACCESS EXCLUSIVE MODE')
      const budget = await countCalls(
        { from: '2026-03-01', to: '2026-03-31', waitMax: 13 },
        { organisationId: null },
        50
      )
      assert.isTrue(budget.timedOut)
      assert.equal(budget.source, 'calls')
    } finally {
      clearTimeout(releaseCalls)
      if (!lockCalls.isCompleted) await lockCalls.rollback()
    }
    // and with the tables free, the count is there again
    const free = await countCalls(
      { from: '2026-03-01', to: '2026-03-31' },
      { organisationId: null },
      5000
    )
    assert.isFalse(free.timedOut)
    assert.isAbove(free.calls!, 0)
  }).timeout(120_000)
})
