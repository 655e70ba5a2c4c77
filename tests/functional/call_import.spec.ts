/**
 * The call import runs on its own connection and commits for real, so these tests do not
 * use the global transaction: they commit their fixtures and clean up after each test.
 */
import { deleteAuditEntries } from '#tests/helpers/audit_cleanup'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importCalls } from '#actions/calls/import_calls'
import { generateCalls } from '#database/demo/generate_calls'

const fixture = (name: string) => new URL(`../fixtures/calls/${name}`, import.meta.url).pathname
const run = (name: string, options: { partial?: boolean } = {}) =>
  importCalls({ filePath: fixture(name), fileName: name, userId: null, ...options })

async function count(table: string) {
  const [{ total }] = await db.from(table).count('* as total')
  return Number(total)
}

async function cleanUp() {
  await db.rawQuery(
    'TRUNCATE call_records, call_hourly, call_daily, call_hourly_org, call_monthly, call_daily_open, call_monthly_open, call_monthly_org, import_rejected_rows, extensions, extension_snapshots CASCADE'
  )
  await db.from('imports').whereIn('type', ['calls', 'extensions']).delete()
  await deleteAuditEntries((q) => q.where('entity_type', 'import'))
  await db.from('organisations').where('code', 'like', 'CALLTEST%').delete()
}

test.group('Call import / valid files', (group) => {
  group.each.setup(async () => {
    await cleanUp()
    const [organisation] = await db
      .table('organisations')
      .insert({
        code: 'CALLTEST',
        name: 'Testförvaltning',
        kind: 'forvaltning',
        active_from: '2009-01-01',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
    await db.table('extensions').insert([
      { number: '0850810001', organisation_id: organisation.id, valid_from: '2025-10-31' },
      { number: '0850810002', organisation_id: organisation.id, valid_from: '2025-10-31' },
    ])
    return cleanUp
  })

  test("rows are stored in UTC, offsets honoured, and attributed to the extension's organisation", async ({
    assert,
  }) => {
    const result = await run('valid.csv')
    assert.include(result, { status: 'imported', read: 6, stored: 6, duplicates: 0, rejected: 0 })
    const rows = await db
      .from('call_records')
      .orderBy('call_id')
      .select(
        'call_id',
        db.raw(`to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') as utc`),
        'outcome',
        'organisation_id',
        'cost',
        'wait_seconds'
      )
    assert.deepEqual(
      rows.map((r) => [r.call_id, r.utc, r.outcome]),
      [
        ['A-1', '2026-10-05 07:00:10', 'kopplat'],
        ['A-2', '2026-10-05 07:05:00', 'avbrutet'],
        ['A-3', '2026-10-05 07:10:00', 'besvarat'],
        ['A-4', '2026-10-05 07:15:00', 'meddelande'],
        ['A-5', '2026-10-25 00:30:00', 'kopplat'],
        ['A-6', '2026-10-25 01:30:00', 'besvarat'],
      ]
    )
    assert.isNotNull(rows[0].organisation_id)
    assert.isNotNull(rows[3].organisation_id)
    assert.equal(rows[3].cost, '3.9500')
  })

  test('the repeated autumn hour without offset is the first occurrence and gives a warning', async ({
    assert,
  }) => {
    const result = await run('valid.csv')
    assert.match(result.warnings.join(' '), /1 samtal hade en starttid i den dubbla timmen/)
  })

  test("an extension not in the register on the call's date is stored but listed as unattributed", async ({
    assert,
  }) => {
    const result = await run('valid.csv')
    assert.match(
      result.warnings.join(' '),
      /1 samtal kopplades till anknytningar som inte finns i registret det datumet \(ej attribuerade\): 0850899999 \(1\)/
    )
    const row = await db.from('call_records').where('call_id', 'A-5').first()
    assert.isNull(row.organisation_id)
  })

  test('the hourly aggregate is maintained in the same transaction', async ({ assert }) => {
    await run('valid.csv')
    const [{ calls }] = await db.from('call_hourly').sum('calls as calls')
    assert.equal(Number(calls), 6)
    const within = await db
      .from('call_hourly')
      .where('outcome', 'besvarat')
      .where('wait_bucket', '<=', 60)
      .sum('calls as calls')
    // A-3 waited 61 s (outside), A-6 20 s (inside)
    assert.equal(Number(within[0].calls), 1)
  })

  test('quality:report gives the hand-computed figures of the month and agrees with a GROUP BY over the calls', async ({
    assert,
  }) => {
    const ace = (await import('@adonisjs/core/services/ace')).default
    await run('valid.csv')
    ace.ui.switchMode('raw')
    let report
    try {
      const command = await ace.exec('quality:report', ['2026-10', '--json'])
      assert.equal(command.exitCode, 0)
      report = JSON.parse(ace.ui.logger.getLogs()[0].message)
    } finally {
      ace.ui.switchMode('normal')
    }
    // by hand: answered; A-2 (3 s) is a short abandon; A-3 waited 61 s
    assert.containsSubset(report, {
      period: '2026-10',
      offered: 5,
      answered: 5,
      answeredWithinTarget: 4,
      abandoned: 0,
      shortAbandons: 1,
      serviceLevel: 0.8,
      abandonRate: 0,
      asaSeconds: 34.6,
      ahtSeconds: 65,
      transferRate: 0.4,
      targets: {
        targetSeconds: 60,
        serviceLevel: 0.85,
        serviceLevelMet: false,
        abandonRateMet: true,
      },
    })
    assert.deepEqual(
      report.days.map((d: { date: string; offered: number }) => [d.date, d.offered]),
      [
        ['2026-10-05', 3],
        ['2026-10-25', 2],
      ]
    )
    const raw = await db.rawQuery(`
      SELECT count(*) FILTER (WHERE outcome <> 'avbrutet') AS answered,
             count(*) FILTER (WHERE outcome <> 'avbrutet' AND wait_seconds <= 60) AS within,
             count(*) FILTER (WHERE outcome = 'avbrutet' AND wait_seconds < 5) AS short
        FROM call_records WHERE started_at >= '2026-10-01 00:00+02' AND started_at < '2026-11-01 00:00+01'`)
    assert.deepEqual(raw.rows[0], { answered: '5', within: '4', short: '1' })
  })

  test('the same file again is unchanged; the same calls in another file are duplicates', async ({
    assert,
  }) => {
    await run('valid.csv')
    const again = await run('valid.csv')
    assert.equal(again.status, 'unchanged')
    const overlap = await run('duplicate_identical.csv')
    assert.include(overlap, { status: 'imported', stored: 1, duplicates: 1 })
    assert.equal(await count('call_records'), 7)
  })

  test('a SamtalsID stored with other content rejects the file; with --partial the stored one is kept', async ({
    assert,
  }) => {
    await run('valid.csv')
    const rejected = await run('conflicting_id.csv')
    assert.equal(rejected.status, 'rejected')
    assert.equal(rejected.errors[0].line, 2)
    assert.equal(rejected.errors[0].column, 'SamtalsID')
    assert.match(
      rejected.errors[0].message,
      /^rad 2: SamtalsID "A-1" finns redan \(import nr \d+: start 2026-10-05 09:00:10, kopplat\) med annat innehåll/
    )
    assert.equal(await count('call_records'), 6)

    const partial = await run('conflicting_id.csv', { partial: true })
    assert.include(partial, { status: 'partial', stored: 1, rejected: 1 })
    const kept = await db.from('call_records').where('call_id', 'A-1').first()
    assert.equal(kept.wait_seconds, 12)
    const rows = await db.from('import_rejected_rows').where('import_id', partial.importId)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].line, 2)
  })

  test('two lines with one SamtalsID and different content in one file are a conflict', async ({
    assert,
  }) => {
    const result = await run('conflict_in_file.csv')
    assert.equal(result.status, 'rejected')
    assert.match(
      result.errors[0].message,
      /^rad 3: SamtalsID "C-1" finns redan \(tidigare rad i filen/
    )
    assert.equal(await count('call_records'), 0)
  })

  test('--partial stores the valid rows and keeps the rejected ones with their errors', async ({
    assert,
  }) => {
    const result = await run('partial_mixed.csv', { partial: true })
    assert.include(result, { status: 'partial', read: 3, stored: 2, rejected: 1 })
    const [row] = await db.from('import_rejected_rows').where('import_id', result.importId)
    assert.equal(row.line, 3)
    assert.include(row.raw, 'tolv')
    assert.match(row.errors[0].message, /^rad 3: Väntetid "tolv" är inte ett heltal/)
  })
})

test.group('Call import / the fast path and the staging path agree', (group) => {
  group.each.setup(() => cleanUp)

  /** Two organisations, one extension that moves between them at midnight on 25 October. */
  async function register() {
    const now = new Date()
    const [first, second] = await db
      .table('organisations')
      .multiInsert([
        {
          code: 'CALLTEST1',
          name: 'Testförvaltning 1',
          kind: 'forvaltning',
          active_from: '2009-01-01',
          created_at: now,
          updated_at: now,
        },
        {
          code: 'CALLTEST2',
          name: 'Testbolag 2',
          kind: 'bolag',
          active_from: '2009-01-01',
          created_at: now,
          updated_at: now,
        },
      ])
      .returning('id')
    await db.table('extensions').multiInsert([
      {
        number: '0850810001',
        organisation_id: first.id,
        valid_from: '2025-01-01',
        valid_to: '2026-10-24',
      },
      { number: '0850810001', organisation_id: second.id, valid_from: '2026-10-25' },
      { number: '0850810002', organisation_id: second.id, valid_from: '2025-01-01' },
    ])
  }

  /** 400 calls around the end of summer time: offsets, the repeated hour, every wait bucket, several costs. */
  async function callsFile(rows: number[]) {
    const lines = ['SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad']
    const outcomes = ['Besvarat', 'Kopplat', 'Avbrutet', 'Meddelande']
    const extensions = ['0850810001', '0850810002', '0850899999', '0850899998', '']
    const costs = ['3,95', '0', '12', '1,2345', '0,5', '12345,6789', '99999999,9999', '10000']
    for (const i of rows) {
      const day = 24 + (i % 3)
      const hour = (i * 7) % 24
      const start =
        i % 10 === 0
          ? `2026-10-${day}T${String(hour).padStart(2, '0')}:15:00${['Z', '+01:00', '+02:00', '-0500'][i % 4]}`
          : `2026-10-${day} ${String(hour).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:07`
      const outcome = outcomes[i % 4]
      const extension = outcome === 'Kopplat' || outcome === 'Meddelande' ? extensions[i % 5] : ''
      lines.push(
        `T-${i};${start};08508${11000 + (i % 3) * 1000};${(i * 13) % 420};${(i * 31) % 600};${outcome};${extension};${costs[i % 8]}`
      )
    }
    const dir = await mkdtemp(join(tmpdir(), 'vaxelnavet-calls-'))
    const path = join(dir, 'calls.csv')
    await writeFile(path, Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'))
    return path
  }

  const importFile = (filePath: string) =>
    importCalls({ filePath, fileName: 'calls.csv', userId: null })

  /** everything the import stored, organisations by code (their ids differ between the runs) */
  async function stored() {
    return {
      calls: await db
        .from('call_records as c')
        .leftJoin('organisations as o', 'o.id', 'c.organisation_id')
        .orderBy('c.call_id')
        .select(
          'c.call_id',
          db.raw(`to_char(c.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS utc`),
          'c.entry_number',
          'c.wait_seconds',
          'c.talk_seconds',
          'c.outcome',
          'c.extension',
          'c.cost',
          'o.code as organisation'
        ),
      hourly: await db
        .from('call_hourly')
        .orderBy(['hour', 'entry_number', 'outcome', 'wait_bucket'])
        .select('*'),
      daily: await db
        .from('call_daily')
        .orderBy(['day', 'entry_number', 'outcome', 'wait_bucket'])
        .select('*'),
      byOrganisation: await db
        .from('call_hourly_org as h')
        .join('organisations as o', 'o.id', 'h.organisation_id')
        .orderBy(['h.hour', 'o.code', 'h.outcome'])
        .select('h.hour', 'o.code', 'h.outcome', 'h.calls'),
      ...(await rangeAggregates()),
    }
  }

  /** the monthly, opening-hours and per-organisation month sums (migration 0220) */
  async function rangeAggregates() {
    const histogram = async (table: string, key: string) =>
      db
        .from(table)
        .orderBy([key, 'entry_number', 'outcome', 'wait_bucket'])
        .select(db.raw(`to_char(${key}, 'YYYY-MM-DD') AS ${key}`), 'entry_number', 'outcome')
        .select('wait_bucket', 'calls', 'wait_seconds', 'talk_seconds', 'cost')
    return {
      monthly: await histogram('call_monthly', 'month'),
      dailyOpen: await histogram('call_daily_open', 'day'),
      monthlyOpen: await histogram('call_monthly_open', 'month'),
      monthlyByOrganisation: await db
        .from('call_monthly_org as m')
        .join('organisations as o', 'o.id', 'm.organisation_id')
        .orderBy(['m.month', 'o.code', 'm.outcome'])
        .select(
          db.raw(`to_char(m.month, 'YYYY-MM-DD') AS month`),
          'o.code',
          'm.outcome',
          'm.calls'
        ),
    }
  }

  test('calls, attribution, the three aggregates and the warnings are the same whichever path stores them', async ({
    assert,
  }) => {
    const all = Array.from({ length: 400 }, (_, i) => i + 1)
    const firstOnly = await callsFile([1])
    const rest = await callsFile(all.slice(1))
    const whole = await callsFile(all)

    // fast path twice: the first call, then the other 399
    await register()
    assert.include(await importFile(firstOnly), { status: 'imported', stored: 1 })
    const fast = await importFile(rest)
    assert.include(fast, { status: 'imported', stored: 399, duplicates: 0 })
    const viaFastPath = await stored()

    // the first call, then the whole file: call 1 is a duplicate, so the staging path runs
    await cleanUp()
    await register()
    await importFile(firstOnly)
    const staging = await importFile(whole)
    assert.include(staging, { status: 'imported', stored: 399, duplicates: 1 })
    const viaStagingPath = await stored()

    assert.lengthOf(viaFastPath.calls, 400)
    assert.isAbove(viaFastPath.byOrganisation.length, 0)
    assert.isAbove(viaFastPath.dailyOpen.length, 0)
    assert.isAbove(viaFastPath.monthlyByOrganisation.length, 0)
    assert.deepEqual(viaStagingPath, viaFastPath)
    assert.deepEqual(staging.warnings, fast.warnings)
    assert.match(
      fast.warnings.join(' '),
      /ej attribuerade\): 0850899998 \(\d+\), 0850899999 \(\d+\)/
    )
    // the extension that moved: before 25 October its first organisation, from then the second
    const moved = viaFastPath.calls.filter((call) => call.extension === '0850810001')
    assert.sameMembers(
      [...new Set(moved.map((call) => call.organisation))],
      ['CALLTEST1', 'CALLTEST2']
    )
  })
  test('a file with quoted fields (as Excel writes a value with a semicolon) takes the string reader and stores the same', async ({
    assert,
  }) => {
    await register()
    const lines = [
      'SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad',
      '"Q;1";2026-10-25 09:00:10;0850811000;12;95;"Kopplat";0850810001;"3,95"',
      'Q-2;2026-10-25 02:30:00;0850811000;0;0;Avbrutet;;0',
    ]
    const dir = await mkdtemp(join(tmpdir(), 'vaxelnavet-calls-'))
    const path = join(dir, 'quoted.csv')
    await writeFile(path, Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'))
    const result = await importFile(path)
    assert.include(result, { status: 'imported', stored: 2, duplicates: 0 })
    assert.match(result.warnings.join(' '), /1 samtal hade en starttid i den dubbla timmen/)
    const { calls, hourly, byOrganisation } = await stored()
    assert.deepEqual(
      calls.map((call) => [call.call_id, call.utc, call.cost, call.organisation]),
      [
        ['Q-2', '2026-10-25 00:30:00', '0.0000', null],
        ['Q;1', '2026-10-25 08:00:10', '3.9500', 'CALLTEST2'],
      ]
    )
    assert.equal(
      hourly.reduce((sum, row) => sum + row.calls, 0),
      2
    )
    assert.lengthOf(byOrganisation, 1)
  })

  test('a file with more entry numbers than the fast path counts is stored through the staging path', async ({
    assert,
  }) => {
    const lines = ['SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad']
    for (let i = 0; i < 300; i++)
      lines.push(
        `E-${i};2026-10-05 10:${String(i % 60).padStart(2, '0')}:00;0850${String(100000 + i)};${i % 90};60;Besvarat;;3,95`
      )
    const dir = await mkdtemp(join(tmpdir(), 'vaxelnavet-calls-'))
    const path = join(dir, 'entries.csv')
    await writeFile(path, Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'))
    const result = await importFile(path)
    assert.include(result, { status: 'imported', stored: 300, duplicates: 0 })
    const [{ calls }] = await db.from('call_hourly').sum('calls as calls')
    assert.equal(Number(calls), 300)
    const [{ entries }] = await db.from('call_daily').countDistinct('entry_number as entries')
    assert.equal(Number(entries), 300)
  })
})

test.group('Call import / bad files are rejected whole and store nothing', (group) => {
  group.each.setup(async () => {
    await cleanUp()
    return cleanUp
  })

  const cases: [string, number | null, string | null, RegExp][] = [
    ['dst_gap.csv', 2, 'Start', /^rad 2: Start "2026-03-29 02:30:00" finns inte i svensk tid/],
    ['unknown_outcome.csv', 2, 'Utfall', /^rad 2: Utfall "Vidarekopplat" är inget känt utfall/],
    ['negative_seconds.csv', 2, 'Väntetid', /^rad 2: Väntetid "-12" får inte vara negativt/],
    ['wait_with_unit.csv', 2, 'Väntetid', /^rad 2: Väntetid "12s" är inte ett heltal/],
    [
      'bad_start.csv',
      2,
      'Start',
      /^rad 2: Start "05\/10\/2026 09:00" är inte en tidpunkt på formen ÅÅÅÅ-MM-DD TT:MM:SS/,
    ],
    [
      'invalid_date.csv',
      2,
      'Start',
      /^rad 2: Start "2026-02-30 09:00:00" är ingen giltig tidpunkt/,
    ],
    ['negative_cost.csv', 2, 'Kostnad', /^rad 2: Kostnad "-3,95" får inte vara negativ/],
    ['missing_id.csv', 2, 'SamtalsID', /^rad 2: SamtalsID saknas/],
    ['missing_column.csv', 1, 'Väntetid', /^rad 1: kolumnen "Väntetid" saknas i rubrikraden/],
    [
      'comma_decimal_wrong_delimiter.csv',
      2,
      null,
      /^rad 2: raden har 9 fält men rubrikraden har 8 – decimalkomma i en kommaavgränsad fil/,
    ],
    ['header_only.csv', null, null, /bara rubrikraden/],
    ['empty.csv', null, null, /^Filen är tom/],
    ['binary_garbage.csv', null, null, /binära data/],
  ]
  for (const [name, line, column, message] of cases) {
    test(`${name}: Swedish message with line and column, nothing stored`, async ({ assert }) => {
      const result = await run(name)
      assert.equal(result.status, 'rejected')
      assert.equal(result.errors[0].line, line)
      assert.equal(result.errors[0].column, column)
      assert.match(result.errors[0].message, message)
      assert.equal(await count('call_records'), 0)
      assert.equal(await count('call_hourly'), 0)
    })
  }

  test('a 5 MB line: rejected whole with its line number, nothing stored', async ({ assert }) => {
    const dir = await mkdtemp(join(tmpdir(), 'vaxelnavet-calls-'))
    const file = join(dir, 'lang-rad.csv')
    await writeFile(
      file,
      'SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad\r\n' +
        'A-1;2026-10-05 09:00:10;0850811000;12;95;Besvarat;;3,95\r\n' +
        `A-2;2026-10-05 09:00:10;0850811000;12;95;Besvarat;;${'9'.repeat(5 * 1024 * 1024)}\r\n`
    )
    const result = await importCalls({ filePath: file, fileName: 'lang-rad.csv', userId: null })
    assert.equal(result.status, 'rejected')
    assert.equal(result.errors[0].line, 3)
    assert.match(result.errors[0].message, /^rad 3: raden är längre än 100000 tecken/)
    assert.equal(await count('call_records'), 0)
  })

  test('a process killed with SIGKILL in the middle of an import leaves nothing, and the file then imports', async ({
    assert,
  }) => {
    const dir = await mkdtemp(join(tmpdir(), 'vaxelnavet-calls-'))
    const file = join(dir, 'manad.csv')
    await generateCalls(file, 300_000, { month: '2026-09', idPrefix: 'K' })
    // the heap flags make ace.js run the import in this very process (no re-run wrapper)
    const child = spawn(
      process.execPath,
      ['--max-semi-space-size=16', 'ace.js', 'import:calls', file],
      {
        cwd: new URL('../../', import.meta.url).pathname,
        env: { ...process.env, NODE_ENV: 'test' },
        stdio: ['ignore', 'ignore', 'pipe'],
      }
    )
    // wait until the import has read rows (its progress line), then kill it hard
    await new Promise<void>((resolve, reject) => {
      let output = ''
      child.stderr.on('data', (chunk) => {
        output += chunk
        if (/\d[\d\s\u00a0]* rader/.test(output)) resolve()
      })
      child.on('exit', () =>
        reject(new Error(`the import ended before it could be killed: ${output}`))
      )
    })
    child.kill('SIGKILL')
    await new Promise((resolve) => child.on('exit', resolve))
    assert.equal(await count('call_records'), 0)
    assert.equal(await count('call_hourly'), 0)

    const result = await importCalls({ filePath: file, fileName: 'manad.csv', userId: null })
    assert.include(result, { status: 'imported', stored: 300_000 })
    assert.equal(await count('call_records'), 300_000)
  }).timeout(120_000)
})

test.group('Call import / web upload runs as a background job', (group) => {
  group.each.setup(async () => {
    await cleanUp()
    return async () => {
      await cleanUp()
      await db.from('jobs').delete()
      await db.from('users').where('email', 'like', 'jobbtest%').delete()
    }
  })

  test('the upload returns at once with a running import; the queued job then imports the file', async ({
    client,
    assert,
  }) => {
    const { default: User } = await import('#models/user')
    const { runNextJob } = await import('#services/job_queue')
    await import('#actions/calls/queue_call_import')
    const user = await User.create({
      email: 'jobbtest@stad.example',
      fullName: 'Jobb Test',
      password: 'rätt-lösenord-123',
      role: 'samordnare',
      isActive: true,
      mustChangePassword: false,
    })
    const response = await client
      .post('/administration/import/calls')
      .loginAs(user)
      .withCsrfToken()
      .file('file', fixture('valid.csv'))
      .redirects(0)
    const location = response.header('location')!
    const running = await client.get(location).loginAs(user)
    running.assertTextIncludes('Importen pågår')
    running.assertTextIncludes('http-equiv="refresh"')
    assert.equal(await count('call_records'), 0)

    assert.isTrue(await runNextJob())
    const done = await client.get(location).loginAs(user)
    done.assertTextIncludes('Inläst')
    assert.notInclude(done.text(), 'Importen pågår')
    assert.equal(await count('call_records'), 6)
  })
})
