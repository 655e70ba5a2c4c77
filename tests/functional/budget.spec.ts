import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { decideTrueUp } from '#actions/budget/decide_true_up'
import { saveBudget, saveForecastMethod } from '#actions/budget/save_budget'
import { trueUpProposals } from '#queries/budget/true_ups'
import { budgetYear } from '#queries/budget/budget_year'
import { feeComparison } from '#queries/budget/fee_preview'
import { organisationForecast } from '#queries/budget/organisation_forecast'
import { staleness } from '#queries/month_end/staleness'
import { aceJson, controlLoopCity } from '#tests/helpers/control_loop_city'

async function file(name: string, content: string | Buffer) {
  const dir = await mkdtemp(join(tmpdir(), 'budget-'))
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}

const HEADER = 'År;Månad;Kostnadspost;Belopp\n'

test.group('Budget / budget:import', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('an Excel file (Windows-1252, decimal comma, thousands space) stores öre per pool and month; again is a no-op', async ({
    assert,
  }) => {
    const bytes = iconv.encode(
      `${HEADER}2027;1;TELEFONIST;1 250 000,50\r\n2027;02;telefonist;1250000\r\n2027;12;SAMORDNING;150 000\r\n`,
      'win1252'
    )
    const path = await file('budget.csv', bytes)
    const first = await aceJson('budget:import', [path])
    assert.equal(first.exitCode, 0)
    assert.include(first.output, { status: 'imported', stored: 3, rejected: 0 })
    const rows = await db
      .from('budgets as b')
      .join('cost_pools as c', 'c.id', 'b.cost_pool_id')
      .orderBy(['c.code', 'b.month'])
      .select('c.code', 'b.year', 'b.month', 'b.amount_ore', 'b.import_id')
    assert.deepEqual(
      rows.map((r) => [r.code, r.year, r.month, r.amount_ore]),
      [
        ['SAMORDNING', 2027, 12, '15000000'],
        ['TELEFONIST', 2027, 1, '125000050'],
        ['TELEFONIST', 2027, 2, '125000000'],
      ]
    )
    assert.isTrue(rows.every((r) => r.import_id !== null))
    const again = await aceJson('budget:import', [path])
    assert.equal(again.output.status, 'unchanged')
  })

  test('a bad row rejects the whole file with the line, column and value named in Swedish', async ({
    assert,
  }) => {
    const path = await file(
      'fel.csv',
      `${HEADER}2027;1;TELEFONIST;100\n2027;13;TELEFONIST;100\n1999;1;TELEFONIST;100\n2027;2;OKAND;100\n2027;3;TELEFONIST;-5\n2027;4;TELEFONIST;1,005\n2027;1;TELEFONIST;200\n2027;5;TELEFONIST;10000000000000\n`
    )
    const result = await aceJson('budget:import', [path])
    assert.equal(result.exitCode, 1)
    assert.equal(result.output.status, 'rejected')
    const messages = result.output.errors.map((e: { message: string }) => e.message)
    assert.includeMembers(messages, [
      'rad 3: Månad "13" är inte en månad 1–12',
      'rad 4: År "1999" måste vara minst 2000',
      'rad 6: Belopp "-5" får inte vara negativt',
      'rad 9: Belopp "10000000000000" är större än 1 000 000 000 000 kr',
    ])
    assert.isTrue(
      messages.some((m: string) =>
        m.startsWith('rad 5: Kostnadspost "OKAND" är ingen aktiv kostnadspost')
      )
    )
    assert.isTrue(
      messages.some((m: string) => m.startsWith('rad 7: Belopp "1,005" har fler än 2 decimaler'))
    )
    assert.equal((await db.from('budgets').count('* as n'))[0].n, '0')
  })

  test('the same pool and month twice in one file is an error naming the first line', async ({
    assert,
  }) => {
    const path = await file('dubbel.csv', `${HEADER}2027;1;TELEFONIST;100\n2027;1;TELEFONIST;200\n`)
    const result = await aceJson('budget:import', [path])
    assert.equal(result.output.status, 'rejected')
    assert.match(
      result.output.errors[0].message,
      /^rad 3: .*TELEFONIST 2027-01 står redan på rad 2/
    )
  })

  test('with --partial a pool and month twice is one rejected row, not a database error', async ({
    assert,
  }) => {
    const path = await file(
      'dubbel-del.csv',
      `${HEADER}2027;3;TELEFONIST;1\n2027;3;TELEFONIST;2\n2027;4;TELEFONIST;x\n2027;5;TELEFONIST;5\n`
    )
    const result = await aceJson('budget:import', [path, '--partial'])
    assert.equal(result.exitCode, 0)
    assert.include(result.output, { status: 'partial', stored: 2, rejected: 2 })
    assert.match(
      result.output.errors[0].message,
      /^rad 3: .*TELEFONIST 2027-03 står redan på rad 2/
    )
    const rows = await db.from('budgets').orderBy('month').select('month', 'amount_ore')
    assert.deepEqual(
      rows.map((r) => [r.month, r.amount_ore]),
      [
        [3, '100'],
        [5, '500'],
      ]
    )
  })

  test('a huge file of repeated rows is refused with at most 1000 errors and the rest counted', async ({
    assert,
  }) => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `2027;${(i % 12) + 1};TELEFONIST;${i}\n`)
    const path = await file('stor.csv', `${HEADER}${lines.join('')}`)
    const result = await aceJson('budget:import', [path])
    assert.equal(result.exitCode, 1)
    assert.include(result.output, { status: 'rejected', read: 30_000, rejected: 30_000 })
    assert.isAtMost(result.output.errors.length, 1001)
    assert.equal(result.output.errors.at(-1).message, '… och 28988 fel till')
  })

  test('a file longer than any budget (over 50 000 rows) is refused without reading it all', async ({
    assert,
  }) => {
    const line = '2027;1;TELEFONIST;1\n'
    const path = await file('enorm.csv', `${HEADER}${line.repeat(200_000)}`)
    const started = Date.now()
    const result = await aceJson('budget:import', [path])
    assert.equal(result.exitCode, 1)
    assert.equal(result.output.status, 'rejected')
    assert.equal(
      result.output.errors[0].message,
      'Filen har fler än 50000 rader – en budgetfil har en rad per kostnadspost och månad.'
    )
    assert.isBelow(Date.now() - started, 5000)
  })

  test('a missing column rejects the file naming it', async ({ assert }) => {
    const path = await file('kolumn.csv', 'År;Kostnadspost;Belopp\n2027;TELEFONIST;100\n')
    const result = await aceJson('budget:import', [path])
    assert.equal(result.output.status, 'rejected')
    assert.match(result.output.errors[0].message, /Månad/)
  })
})

test.group('Budget / fee preview', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('fees:preview allocates each pool budget over the key date of the year, shares summing to the budget', async ({
    assert,
  }) => {
    const { coordinator } = await controlLoopCity({ periods: [] })
    const telefonist = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
    // 1 000 000,01 kr over 3 : 2 : 5 extensions at 2026-10-31
    await saveBudget({
      poolId: telefonist.id,
      year: 2027,
      amounts: ['1000000,01', ...Array(11).fill('')],
      userId: coordinator.id,
    })
    const result = await aceJson('fees:preview', ['2027'])
    assert.equal(result.exitCode, 0)
    assert.equal(result.output.year, 2027)
    const pool = result.output.pools.find((p: { code: string }) => p.code === 'TELEFONIST')
    assert.include(pool, { budgetOre: 100_000_001, basis: 'extensions', keyDate: '2026-10-31' })
    assert.deepEqual(pool.shares, [
      { organisation: 'ADM-A', count: 3, amountOre: 30_000_000 },
      { organisation: 'ADM-B', count: 2, amountOre: 20_000_000 },
      { organisation: 'BOLAG-C', count: 5, amountOre: 50_000_001 },
    ])
    // SAMORDNING has no budget: its fixed amount × 12
    const samordning = result.output.pools.find((p: { code: string }) => p.code === 'SAMORDNING')
    assert.equal(samordning.budgetOre, 15_000_000 * 12)
    // ETJANST has none and no fixed amount: left out, with a warning
    assert.isUndefined(result.output.pools.find((p: { code: string }) => p.code === 'ETJANST'))
    assert.include(
      result.output.warnings,
      'ETJANST har ingen budget för 2027 och är inte med i förhandsvisningen.'
    )
  })

  test('a year with no budget and no register is answered, not refused: exit 0, no pools, the notes as warnings', async ({
    assert,
  }) => {
    const result = await aceJson('fees:preview', ['2031'])
    assert.equal(result.exitCode, 0)
    assert.equal(result.output.year, 2031)
    assert.deepEqual(result.output.pools, [])
    assert.include(result.output.warnings, 'Ingen budget för 2031.')
  })

  test('a year that is not YYYY is refused with the error JSON', async ({ assert }) => {
    const result = await aceJson('fees:preview', ['27'])
    assert.equal(result.exitCode, 1)
    assert.equal(result.output.status, 'error')
    assert.match(result.output.errors[0].message, /"27" är inte ett år/)
  })

  test('the change against this year compares with this year computed the same way', async ({
    assert,
  }) => {
    const { coordinator } = await controlLoopCity({ periods: [] })
    const telefonist = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
    for (const [year, amount] of [
      [2026, '100000'],
      [2027, '110000'],
    ] as const) {
      await saveBudget({
        poolId: telefonist.id,
        year,
        amounts: [amount, ...Array(11).fill('')],
        userId: coordinator.id,
      })
    }
    const comparison = await feeComparison(2027)
    const a = comparison.organisations.find((row) => row.code === 'ADM-A')!
    // TELEFONIST 30 000 → 33 000 kr; SAMORDNING 540 000 kr both years (fixed × 12, 3/10)
    assert.equal(a.currentOre, 3_000_000n + 54_000_000n)
    assert.equal(a.nextOre, 3_300_000n + 54_000_000n)
    assert.equal(a.changeOre, 300_000n)
    // 3 000 kr on 570 000 kr = 0,53 % → 5 tenths of a percent
    assert.equal(a.changePermille, 5n)
  })
})

test.group('Budget / forecast and true-up', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the forecast takes the closed months as actual and the rest by the chosen method', async ({
    assert,
  }) => {
    const { coordinator, controller } = await controlLoopCity({ periods: ['2026-01', '2026-02'] })
    const telefonist = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
    await saveBudget({
      poolId: telefonist.id,
      year: 2026,
      amounts: Array(12).fill('90000'),
      userId: coordinator.id,
    })
    for (const period of ['2026-01', '2026-02']) {
      await runAllocation(period, null)
      await setPeriodApproval(period, true, controller.id)
    }
    const byBudget = (await budgetYear(2026)).find((pool) => pool.code === 'TELEFONIST')!
    assert.equal(byBudget.forecast.closedMonths, 2)
    assert.equal(byBudget.forecast.actualToDateOre, 200_000_00n)
    assert.equal(byBudget.forecast.deviationToDateOre, 20_000_00n)
    assert.equal(byBudget.forecast.forecastOre, 200_000_00n + 10n * 90_000_00n)
    await saveForecastMethod({
      poolId: telefonist.id,
      year: 2026,
      method: 'run_rate',
      userId: coordinator.id,
    })
    const byRunRate = (await budgetYear(2026)).find((pool) => pool.code === 'TELEFONIST')!
    assert.equal(byRunRate.forecast.methodUsed, 'run_rate')
    assert.equal(byRunRate.forecast.forecastOre, 12n * 100_000_00n)
    // per organisation: charged so far + the rest allocated 3 : 2 : 5
    const organisations = await organisationForecast(2026)
    const a = organisations.rows.find((row) => row.code === 'ADM-A')!
    const telefonistSoFar = 2n * 30_000_00n
    const samordningSoFar = 2n * 45_000_00n
    const etjanstSoFar = 2n * 30_000_00n // ETJANST 40 000 kr by headcount 300 : 100
    assert.equal(a.chargedOre, telefonistSoFar + samordningSoFar + etjanstSoFar)
    assert.equal(a.forecastOre, a.chargedOre + 10n * 30_000_00n + 10n * 45_000_00n)
  })

  test('an accepted true-up of a fixed pool reaches the next invoices as an adjustment of December, through the control loop', async ({
    assert,
  }) => {
    const { a, b, coordinator, controller } = await controlLoopCity({
      periods: ['2026-12', '2027-01'],
    })
    // 2027's key month for headcount (ETJANST)
    await db.table('headcounts').multiInsert([
      { organisation_id: a.id, month: '2026-10', employees: 300 },
      { organisation_id: b.id, month: '2026-10', employees: 100 },
    ])
    const samordning = await db.from('cost_pools').where('code', 'SAMORDNING').firstOrFail()
    // before December is invoiced nothing can be decided
    let proposal = (await trueUpProposals(2026)).find((p) => p.code === 'SAMORDNING')!
    assert.includeMembers(proposal.gaps, ['decemberNotInvoiced', 'noActualCost'])

    await runAllocation('2026-12', null)
    await setPeriodApproval('2026-12', true, controller.id)
    assert.isTrue((await issueInvoices('2026-12', controller.id)).ok)
    // the pool's actual cost, as cost entries of the fixed pool: never a late input
    const costs = await aceJson('import:costs', [
      await file(
        'kostnad.csv',
        'Period;Kostnadspost;Belopp;Text\n2026-12;SAMORDNING;151234,56;Lön och licenser\n'
      ),
    ])
    assert.equal(costs.exitCode, 0)
    assert.isUndefined(costs.output.late)

    const january = await runAllocation('2027-01', null)
    assert.isTrue(january.ok)
    assert.deepEqual((january as { adjustments: unknown[] }).adjustments, [])

    proposal = (await trueUpProposals(2026)).find((p) => p.code === 'SAMORDNING')!
    assert.deepEqual(proposal.gaps, [])
    assert.equal(proposal.chargedOre, 150_000_00n)
    assert.equal(proposal.actualOre, 151_234_56n)
    assert.equal(proposal.amountOre, 1_234_56n)

    const refused = await decideTrueUp({
      poolId: samordning.id,
      year: 2026,
      accept: true,
      comment: 'Årets avstämning',
      shownOre: 1_000n,
      userId: coordinator.id,
    })
    assert.deepEqual(refused, { ok: false, error: 'trueUpChanged' })
    const accepted = await decideTrueUp({
      poolId: samordning.id,
      year: 2026,
      accept: true,
      comment: 'Årets avstämning',
      shownOre: 1_234_56n,
      userId: coordinator.id,
    })
    assert.isTrue(accepted.ok)
    // January's draft is stale: its inputs changed (December's true-up)
    const stale = await staleness(db.connection(), '2027-01')
    assert.isTrue(stale.stale)

    const rerun = await runAllocation('2027-01', null)
    const adjustments = (
      rerun as {
        adjustments: { period: string; pool: string; amountOre: number; shares: unknown[] }[]
      }
    ).adjustments
    assert.lengthOf(adjustments, 1)
    assert.include(adjustments[0], { period: '2026-12', pool: 'SAMORDNING', amountOre: 1_234_56 })
    assert.deepEqual(adjustments[0].shares, [
      { organisation: 'ADM-A', amountOre: 37_037 },
      { organisation: 'ADM-B', amountOre: 24_691 },
      { organisation: 'BOLAG-C', amountOre: 61_728 },
    ])
    await setPeriodApproval('2027-01', true, controller.id)
    assert.isTrue((await issueInvoices('2027-01', controller.id)).ok)
    const line = await db.from('invoice_lines').where('adjusted_period', '2026-12').firstOrFail()
    assert.equal(line.description, 'Justering december 2026 – Samordning gemensam växel')
    // settled: a second decision is refused, and the next run adjusts nothing more
    const again = (await trueUpProposals(2026)).find((p) => p.code === 'SAMORDNING')!
    assert.include(again.gaps, 'alreadyDecided')
    await db.table('supplier_invoices').insert({
      invoice_number: 'LF-2027-02',
      invoice_date: '2027-02-28',
      period: '2027-02',
      net_ore: 100_000_00,
      content_hash: 'feb',
    })
    const february = await runAllocation('2027-02', null)
    assert.deepEqual((february as { adjustments: unknown[] }).adjustments, [])
  })
})
