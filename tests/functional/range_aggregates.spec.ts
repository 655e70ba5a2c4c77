/**
 * The range view reads monthly and opening-hours sums (migration 0220, docs/adr/0032). Its
 * figures must be the same as counting the calls themselves: this test imports random
 * calls (both import paths), then compares random ranges — whole and partial months, the
 * two DST days — with a count over `call_records` made here, with the local time from
 * `Intl` and the opening calendar written out by hand, before and after calendar edits.
 *
 * The import commits on its own connection, so this group commits and cleans up.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importCalls } from '#actions/calls/import_calls'
import { addOpeningPeriod } from '#actions/quality/add_opening_period'
import { removeOpeningPeriod } from '#actions/quality/remove_opening_period'
import { saveOpeningHours } from '#actions/quality/save_opening_hours'
import { rangeQuality } from '#queries/quality/range_quality'
import { transferredPerOrganisation } from '#queries/quality/range_transfers'
import { deleteAuditEntries } from '#tests/helpers/audit_cleanup'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'

const TABLES =
  'call_records, call_hourly, call_daily, call_hourly_org, call_monthly, call_daily_open, call_monthly_open, call_monthly_org, import_rejected_rows, extensions'

const DEFAULT_HOURS = [
  ['normal', 1, '08:00', '16:30'],
  ['normal', 2, '08:00', '16:30'],
  ['normal', 3, '08:00', '16:30'],
  ['normal', 4, '08:00', '16:30'],
  ['normal', 5, '08:00', '16:00'],
  ['summer', 1, '08:00', '16:00'],
  ['summer', 2, '08:00', '16:00'],
  ['summer', 3, '08:00', '16:00'],
  ['summer', 4, '08:00', '16:00'],
  ['summer', 5, '08:00', '15:00'],
] as const

async function cleanUp() {
  await db.rawQuery(`TRUNCATE ${TABLES} CASCADE`)
  await db.from('imports').where('type', 'calls').delete()
  await db.from('opening_periods').delete()
  await db.from('opening_hours').delete()
  await db
    .table('opening_hours')
    .multiInsert(
      DEFAULT_HOURS.map(([season, weekday, opens, closes]) => ({ season, weekday, opens, closes }))
    )
  await deleteAuditEntries((q) => q.whereIn('entity_type', ['import', 'opening_hours']))
  await db.from('organisations').where('code', 'like', 'RANGETEST%').delete()
  await User.query().where('email', 'like', 'range-aggregates-%').delete()
}

/** A small seeded generator (its high bits: the low bits of this LCG repeat), so a failing case can be run again. */
function random(seed: number) {
  let state = seed
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return Math.floor((state / 2_147_483_648) * n)
  }
}

const pad = (n: number) => String(n).padStart(2, '0')
const OUTCOMES = ['Besvarat', 'Kopplat', 'Avbrutet', 'Meddelande']

/** Random calls from mid-February to mid-November 2026, more of them on the two DST days. */
function randomCalls(seed: number, count: number) {
  const next = random(seed)
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    const special = next(6) === 0
    const date = special
      ? ['2026-03-29', '2026-10-25', '2026-03-28', '2026-10-24'][next(4)]
      : (() => {
          const d = new Date(Date.UTC(2026, 1, 14) + next(270) * 86_400_000)
          return d.toISOString().slice(0, 10)
        })()
    const start = `${date}T${pad(next(24))}:${pad(next(60))}:${pad(next(60))}Z`
    const outcome = OUTCOMES[next(4)]
    const extension =
      outcome === 'Kopplat' || outcome === 'Meddelande'
        ? ['0850820001', '0850820002', '0850829999'][next(3)]
        : ''
    const cost = `${next(20)},${String(next(10_000)).padStart(4, '0')}`
    lines.push(
      `R${seed}-${i};${start};${['0850811000', '0850812000'][next(2)]};${next(200)};${next(300)};${outcome};${extension};${cost}`
    )
  }
  return lines
}

async function callsFile(lines: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'vaxelnavet-range-'))
  const path = join(dir, 'calls.csv')
  const header = 'SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad'
  await writeFile(path, Buffer.from([header, ...lines].join('\r\n') + '\r\n', 'latin1'))
  return path
}

/** The calendar as this test sets it, written out: the open clock hours of a local day. */
interface TestCalendar {
  fridayCloses: number
  summer: [string, string][]
  closed: string[]
}
function isOpen(calendar: TestCalendar, day: string, hour: number) {
  if (calendar.closed.includes(day)) return false
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay() // 0 Sunday … 6 Saturday
  if (weekday === 0 || weekday === 6) return false
  const summer = calendar.summer.some(([from, to]) => from <= day && day <= to)
  // Monday–Thursday 8.00–16.30 (summer 16.00), Friday 8.00–16.00 (summer 15.00); a clock
  // hour counts when it overlaps the open time
  const lastHour = weekday === 5 ? (summer ? 14 : calendar.fridayCloses - 1) : summer ? 15 : 16
  return hour >= 8 && hour <= lastHour
}

const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
})
function localTime(instant: Date) {
  const parts = Object.fromEntries(localParts.formatToParts(instant).map((p) => [p.type, p.value]))
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) }
}

interface RawCall {
  day: string
  hour: number
  entry: string
  outcome: string
  wait: number
  costUnits: number
  organisation: string | null
}

async function rawCalls(): Promise<RawCall[]> {
  const rows = await db
    .from('call_records as c')
    .leftJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select('c.started_at', 'c.entry_number', 'c.outcome', 'c.wait_seconds', 'o.code')
    .select(db.raw('(c.cost * 10000)::bigint AS cost_units'))
  return rows.map((row) => ({
    ...localTime(new Date(row.started_at)),
    entry: row.entry_number,
    outcome: row.outcome,
    wait: row.wait_seconds,
    costUnits: Number(row.cost_units),
    organisation: row.code,
  }))
}

/** What the range's figures must be, counted from the calls. */
function expected(calls: RawCall[], from: string, to: string, open: TestCalendar | null) {
  const inRange = calls.filter(
    (call) => call.day >= from && call.day <= to && (!open || isOpen(open, call.day, call.hour))
  )
  const answered = inRange.filter((call) => call.outcome !== 'avbrutet')
  const perMonth = new Map<string, { answered: number; costUnits: number }>()
  for (const call of inRange) {
    const month = call.day.slice(0, 7)
    const found = perMonth.get(month) ?? { answered: 0, costUnits: 0 }
    if (call.outcome !== 'avbrutet') found.answered++
    found.costUnits += call.costUnits
    perMonth.set(month, found)
  }
  const perOrganisation = new Map<string, { transferred: number; messages: number }>()
  for (const call of inRange) {
    if (!call.organisation) continue
    const found = perOrganisation.get(call.organisation) ?? { transferred: 0, messages: 0 }
    if (call.outcome === 'kopplat') found.transferred++
    if (call.outcome === 'meddelande') found.messages++
    perOrganisation.set(call.organisation, found)
  }
  return {
    answered: answered.length,
    withinSixty: answered.filter((call) => call.wait <= 60).length,
    transferred: answered.filter((call) => call.outcome === 'kopplat').length,
    abandonedAll: inRange.length - answered.length,
    answeredPerEntry: Object.fromEntries(
      ['0850811000', '0850812000'].map((entry) => [
        entry,
        answered.filter((call) => call.entry === entry).length,
      ])
    ),
    perMonth,
    perOrganisation,
  }
}

async function compare(
  assert: any,
  calls: RawCall[],
  range: { from: string; to: string },
  calendar: TestCalendar,
  context: string
) {
  for (const open of [null, calendar]) {
    const figures = await rangeQuality(range, { openHours: open !== null })
    const want = expected(calls, range.from, range.to, open)
    const where = `${context}, ${range.from}–${range.to}, ${open ? 'öppettider' : 'alla timmar'}`
    assert.equal(figures.figures.answered, want.answered, where)
    assert.equal(figures.figures.answeredWithinTarget, want.withinSixty, where)
    assert.equal(figures.figures.transferred, want.transferred, where)
    assert.equal(
      figures.figures.abandoned + figures.figures.shortAbandons,
      want.abandonedAll,
      where
    )
    for (const entry of figures.entries)
      assert.equal(entry.figures.answered, want.answeredPerEntry[entry.entryNumber], where)
    for (const month of figures.months) {
      const wantMonth = want.perMonth.get(month.period)
      assert.equal(month.figures.answered, wantMonth?.answered ?? 0, `${where}, ${month.period}`)
      if (!open)
        assert.equal(
          month.costOre,
          Math.round((wantMonth?.costUnits ?? 0) / 100),
          `${where}, ${month.period}`
        )
    }
    if (!open) {
      const transfers = await transferredPerOrganisation(range)
      assert.deepEqual(
        Object.fromEntries(transfers.map((row) => [row.code, [row.transferred, row.messages]])),
        Object.fromEntries(
          [...want.perOrganisation].map(([code, row]) => [code, [row.transferred, row.messages]])
        ),
        where
      )
    }
  }
}

test.group('Range figures from the monthly and opening-hours sums', (group) => {
  group.each.setup(() => cleanUp)

  test('equal a count of the raw calls for random ranges (partial months, DST days) before and after calendar edits', async ({
    assert,
  }) => {
    const now = new Date()
    const organisations = await db
      .table('organisations')
      .multiInsert(
        ['RANGETEST1', 'RANGETEST2'].map((code) => ({
          code,
          name: code,
          kind: 'forvaltning',
          active_from: '2009-01-01',
          created_at: now,
          updated_at: now,
        }))
      )
      .returning('id')
    await db.table('extensions').multiInsert([
      { number: '0850820001', organisation_id: organisations[0].id, valid_from: '2025-01-01' },
      { number: '0850820002', organisation_id: organisations[1].id, valid_from: '2025-01-01' },
    ])
    const coordinator = await UserFactory.merge({
      email: `range-aggregates-${Date.now()}@example.se`,
    }).create()

    // two imports into the same months: the first by the fast path, the second repeats one
    // of the first file's calls, so it takes the staging path
    const lines = randomCalls(17, 1600)
    const first = lines.filter((_, i) => i % 2 === 0)
    const second = [lines[0], ...lines.filter((_, i) => i % 2 === 1)]
    const fileOf = async (part: string[]) =>
      importCalls({ filePath: await callsFile(part), fileName: 'calls.csv', userId: null })
    assert.include(await fileOf(first), { status: 'imported', stored: 800 })
    assert.include(await fileOf(second), { status: 'imported', stored: 800, duplicates: 1 })
    const calls = await rawCalls()
    assert.lengthOf(calls, 1600)

    const next = random(5)
    const ranges = [
      { from: '2026-01-01', to: '2026-12-31' },
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2026-03-29', to: '2026-03-29' },
      { from: '2026-10-25', to: '2026-10-25' },
      { from: '2026-02-15', to: '2026-04-10' },
      { from: '2026-10-10', to: '2026-11-05' },
    ]
    for (let i = 0; i < 6; i++) {
      const from = new Date(Date.UTC(2026, 1, 1) + next(280) * 86_400_000)
      const to = new Date(from.getTime() + next(200) * 86_400_000)
      ranges.push({ from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) })
    }
    const calendar: TestCalendar = { fridayCloses: 16, summer: [], closed: [] }
    const compareAll = async (context: string) => {
      for (const range of ranges) await compare(assert, calls, range, calendar, context)
    }
    await compareAll('kalendern som den var')

    await addOpeningPeriod(
      { kind: 'summer', startsOn: '2026-06-15', endsOn: '2026-08-16', note: '' },
      coordinator.id
    )
    calendar.summer.push(['2026-06-15', '2026-08-16'])
    await addOpeningPeriod(
      { kind: 'closed', startsOn: '2026-04-03', endsOn: '2026-04-06', note: 'påsk' },
      coordinator.id
    )
    calendar.closed.push('2026-04-03', '2026-04-04', '2026-04-05', '2026-04-06')
    await compareAll('sommartid och påsk')

    // Fridays close at noon: every Friday of the data changes
    await saveOpeningHours(
      'normal',
      [1, 2, 3, 4]
        .map((weekday) => ({ weekday, opens: '08:00', closes: '16:30' }))
        .concat([{ weekday: 5, opens: '08:00', closes: '12:00' }]),
      coordinator.id
    )
    calendar.fridayCloses = 12
    const easter = await db.from('opening_periods').where('kind', 'closed').firstOrFail()
    assert.isTrue(await removeOpeningPeriod(easter.id, coordinator.id))
    calendar.closed = []
    await compareAll('fredagar till 12 och påsken borttagen')
  }).timeout(120_000)
})
