/**
 * Cost trends (issue 17 point 6, docs/adr/0030), per month over years, for the price
 * comparisons the seeds ask for: what the organisations were charged (the period's
 * allocation, öre), the answered calls, and the extensions in the register on the month's
 * first day; from those the cost per answered call and the kr per extension. For one
 * organisation: its shares, the calls transferred to it (Kopplat and Meddelande), its
 * extensions. Ratios are rounded half up to the öre; a month without calls or extensions
 * has none.
 */
import db from '@adonisjs/lucid/services/db'
import { validOnSql } from '#queries/validity'

export interface CostTrendRow {
  period: string
  chargedOre: number
  answered: number
  extensions: number
  perAnsweredOre: number | null
  perExtensionOre: number | null
}

const perUnit = (ore: number, units: number) => (units === 0 ? null : Math.round(ore / units))

/** The months from January `fromYear` to December `toYear`. */
export async function costTrends(
  fromYear: number,
  toYear: number,
  organisationId: number | null
): Promise<CostTrendRow[]> {
  const from = `${fromYear}-01-01`
  const to = `${toYear}-12-31`
  const charged = organisationId
    ? await db
        .from('allocation_shares as s')
        .join('allocations as a', 'a.id', 's.allocation_id')
        .where('s.organisation_id', organisationId)
        .whereBetween('a.period', [`${fromYear}-01`, `${toYear}-12`])
        .groupBy('a.period')
        .select('a.period', db.raw('sum(s.amount_ore)::bigint as ore'))
    : await db
        .from('allocations')
        .whereBetween('period', [`${fromYear}-01`, `${toYear}-12`])
        .groupBy('period')
        .select('period', db.raw('sum(amount_ore)::bigint as ore'))
  const answered = organisationId
    ? await db
        .from('call_hourly_org')
        .where('organisation_id', organisationId)
        .whereIn('outcome', ['kopplat', 'meddelande'])
        .whereRaw(`hour >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [`${from} 00:00`])
        .whereRaw(`hour < (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [
          `${toYear + 1}-01-01 00:00`,
        ])
        .groupByRaw('1')
        .select(
          db.raw(`to_char(hour AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') as period`),
          db.raw('sum(calls)::int as calls')
        )
    : await db
        .from('call_daily')
        .whereBetween('day', [from, to])
        .whereIn('outcome', ['besvarat', 'kopplat', 'meddelande'])
        .groupByRaw('1')
        .select(db.raw(`to_char(day, 'YYYY-MM') as period`), db.raw('sum(calls)::int as calls'))
  const { rows: extensions } = await db.rawQuery(
    `SELECT to_char(m, 'YYYY-MM') AS period, count(e.id)::int AS extensions
       FROM generate_series(?::date, ?::date, interval '1 month') m
       LEFT JOIN extensions e ON ${validOnSql('e', 'm::date')} ${organisationId ? 'AND e.organisation_id = ?' : ''}
      GROUP BY 1`,
    organisationId ? [from, to, organisationId] : [from, to]
  )
  const chargedBy = new Map(charged.map((row) => [row.period as string, Number(row.ore)]))
  const answeredBy = new Map(answered.map((row) => [row.period as string, row.calls as number]))
  const extensionsBy = new Map<string, number>(
    extensions.map((row: { period: string; extensions: number }) => [row.period, row.extensions])
  )
  const periods = [...new Set([...chargedBy.keys(), ...answeredBy.keys()])].sort()
  return periods.map((period) => {
    const chargedOre = chargedBy.get(period) ?? 0
    const calls = answeredBy.get(period) ?? 0
    const count = extensionsBy.get(period) ?? 0
    return {
      period,
      chargedOre,
      answered: calls,
      extensions: count,
      perAnsweredOre: perUnit(chargedOre, calls),
      perExtensionOre: perUnit(chargedOre, count),
    }
  })
}
