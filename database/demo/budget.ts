/**
 * The demo's budget (issue 17 points 1–2): last year, this year and next year per pool and
 * month, read through the real `budget:import` file format, and run-rate chosen for
 * TELEFONIST this year — so Budget och prognos shows actual against budget and a forecast,
 * the tertial report its costs against budget, and Nästa års avgifter a change per
 * organisation.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { importBudget } from '#actions/budget/import_budget'
import { saveForecastMethod } from '#actions/budget/save_budget'
import { freezeT2Forecast } from '#actions/budget/freeze_t2_forecast'
import { clock } from '#services/clock'

/**
 * Monthly budget in kronor per pool when the demo has no month of that pool to go by; this
 * year; last year 3 % less, next year 4 % more.
 */
const MONTHLY_KRONOR: Record<string, number> = {
  TELEFONIST: 800_000,
  SAMORDNING: 150_000,
  ETJANST: 65_000,
}

/**
 * The budget per pool as a controller would set it from the demo's own months: their mean
 * allocated amount, rounded to whole thousands of kronor — so Budget och prognos and Nästa
 * års avgifter show a forecast within a few per cent, not a budget a third of the cost.
 */
async function monthlyKronorFromActuals() {
  const rows = await db
    .from('allocations as a')
    .join('cost_pools as p', 'p.id', 'a.cost_pool_id')
    .groupBy('p.code')
    .select('p.code', db.raw('avg(a.amount_ore)::float8 as mean_ore'))
  const kronor = { ...MONTHLY_KRONOR }
  for (const row of rows) {
    const mean = Number(row.mean_ore)
    if (mean > 0 && row.code in kronor)
      kronor[row.code as string] = Math.max(1000, Math.round(mean / 100_000) * 1000)
  }
  return kronor
}

export function demoBudgetFile(
  years: number[],
  monthlyKronor: Record<string, number> = MONTHLY_KRONOR
) {
  const lines = ['År;Månad;Kostnadspost;Belopp']
  const thisYear = clock.year()
  for (const year of years) {
    const factor = year < thisYear ? 97 : year > thisYear ? 104 : 100
    for (const [code, kronor] of Object.entries(monthlyKronor)) {
      for (let month = 1; month <= 12; month++) {
        const ore = Math.round((kronor * 100 * factor) / 100)
        lines.push(`${year};${month};${code};${(ore / 100).toFixed(2).replace('.', ',')}`)
      }
    }
  }
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')
}

export async function loadDemoBudget() {
  if (await db.from('budgets').first()) return
  const thisYear = clock.year()
  const dir = app.tmpPath('demo')
  await mkdir(dir, { recursive: true })
  const filePath = join(dir, 'budget.csv')
  await writeFile(
    filePath,
    demoBudgetFile([thisYear - 1, thisYear, thisYear + 1], await monthlyKronorFromActuals())
  )
  const coordinator = await db.from('users').where('email', 'samordnare@stad.example').first()
  const result = await importBudget({
    filePath,
    fileName: 'budget.csv',
    userId: coordinator?.id ?? null,
  })
  if (result.status === 'rejected') {
    throw new Error(`Demobudgeten avvisades: ${result.errors.map((e) => e.message).join('; ')}`)
  }
  const telefonist = await db.from('cost_pools').where('code', 'TELEFONIST').first()
  if (telefonist && coordinator) {
    await saveForecastMethod({
      poolId: telefonist.id,
      year: thisYear,
      method: 'run_rate',
      userId: coordinator.id,
    })
  }
}

/**
 * Last year's T2 forecast as frozen when its August was locked (docs/adr/0029 §3), so last
 * year's annual report shows a forecast "fastställd vid T2" — this year's August is not
 * locked in the demo (its month-end starts this autumn), so this year's waits for it. Last
 * year's months came before the demo's, so none is closed here: by the real rule the frozen
 * forecast is then the year's budget. Its own step, so a start killed half-way completes it.
 */
export async function loadDemoT2Forecast() {
  const lastYear = clock.year() - 1
  if (await db.from('t2_forecasts').where('year', lastYear).first()) return
  const controller = await db.from('users').where('email', 'controller@stad.example').first()
  await db.transaction((trx) => freezeT2Forecast(trx, `${lastYear}-08`, controller?.id ?? null))
}
