/**
 * Cost trends (issue 17 point 6, docs/adr/0030), per month over years, for the price
 * comparisons the seeds ask for: what the organisations were charged (the period's
 * allocation, öre), the answered calls, and the extensions in the register on the month's
 * first day; from those the cost per answered call and the kr per extension. For one
 * organisation: its shares, the calls transferred to it (Kopplat and Meddelande), its
 * extensions. Ratios are rounded half up to the öre; a month without a charge, calls or
 * extensions has none of them (null, shown "–", never 0,00 kr). A month whose period is still
 * a draft is marked: its amount is calculated, not yet charged.
 */
import db from '@adonisjs/lucid/services/db'
import { validOnSql } from '#queries/validity'

export interface CostTrendRow {
  period: string
  /** null: no allocation for the month */
  chargedOre: number | null
  /** the period is a draft: calculated, not yet approved or charged */
  draft: boolean
  /** null: no call data for the month */
  answered: number | null
  /** null: no extensions in the register on the month's first day */
  extensions: number | null
  perAnsweredOre: number | null
  perExtensionOre: number | null
}

const perUnit = (ore: number | null, units: number | null) =>
  ore === null || ore === 0 || !units ? null : Math.round(ore / units)

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
        .join('periods as p', 'p.period', 'a.period')
        .where('s.organisation_id', organisationId)
        .whereBetween('a.period', [`${fromYear}-01`, `${toYear}-12`])
        .groupBy('a.period', 'p.status')
        .select('a.period', 'p.status', db.raw('sum(s.amount_ore)::bigint as ore'))
    : await db
        .from('allocations as a')
        .join('periods as p', 'p.period', 'a.period')
        .whereBetween('a.period', [`${fromYear}-01`, `${toYear}-12`])
        .groupBy('a.period', 'p.status')
        .select('a.period', 'p.status', db.raw('sum(a.amount_ore)::bigint as ore'))
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
  const drafts = new Set(charged.filter((row) => row.status === 'draft').map((row) => row.period))
  const periods = [...new Set([...chargedBy.keys(), ...answeredBy.keys()])].sort()
  return periods.map((period) => {
    const chargedOre = chargedBy.get(period) ?? null
    const calls = answeredBy.get(period) ?? null
    const count = extensionsBy.get(period) || null
    return {
      period,
      chargedOre,
      draft: drafts.has(period),
      answered: calls,
      extensions: count,
      perAnsweredOre: perUnit(chargedOre, calls),
      perExtensionOre: perUnit(chargedOre, count),
    }
  })
}
