/**
 * The tertial and annual report (issue 17 point 3, docs/adr/0030): T1 January–April, T2
 * January–August, T3 the full year, each against the same period the year before. Every
 * quality figure is the range's, which is the sum of its months (range_quality.ts); the
 * months are listed so each number can be traced. Targets: the contract's (service level,
 * abandon rate, in force on the period's first day) and the survey's (satisfied, yearly).
 */
import db from '@adonisjs/lucid/services/db'
import { rangeQuality } from '#queries/quality/range_quality'
import { surveyResults } from '#queries/surveys/surveys'
import { budgetSection, feedbackSection } from '#queries/reports/report_hooks'
import { tertialReportRange, type DateRange } from '#domain/date_ranges'
import { addDays } from '#domain/periods'

async function deviationsByType(range: DateRange) {
  const rows = await db
    .from('deviations')
    .whereRaw(`occurred_at >= (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [
      `${range.from} 00:00`,
    ])
    .whereRaw(`occurred_at < (?::timestamp AT TIME ZONE 'Europe/Stockholm')`, [
      `${addDays(range.to, 1)} 00:00`,
    ])
    .groupBy('type')
    .select('type', db.raw('count(*)::int as count'))
  return new Map(rows.map((row) => [row.type as string, row.count as number]))
}

/**
 * Organisations connected to the switchboard at some time in the period per the register
 * (connected-from, by default the active-from date, up to connected-to, while active) —
 * whether or not they have calls — and which of them joined in it.
 */
async function connectedOrganisations(range: DateRange) {
  const rows = await db
    .from('organisations')
    .whereRaw('coalesce(connected_from, active_from) <= ?::date', [range.to])
    .where((q) => q.whereNull('connected_to').orWhere('connected_to', '>=', range.from))
    .where((q) => q.whereNull('active_to').orWhere('active_to', '>=', range.from))
    .orderBy('code')
    .select(
      'id',
      'code',
      'name',
      db.raw(`to_char(coalesce(connected_from, active_from), 'YYYY-MM-DD') as connected_from`)
    )
  return rows.map((row) => ({
    code: row.code as string,
    name: row.name as string,
    connectedFrom: row.connected_from as string,
    joinedInPeriod: row.connected_from >= range.from,
  }))
}

/** The year's satisfaction survey (the latest closed one of the year), or null. */
async function satisfaction(year: number) {
  const survey = await db
    .from('surveys')
    .where('year', year)
    .where('status', 'stangd')
    .orderBy('id', 'desc')
    .first()
  if (!survey) return null
  const results = await surveyResults(survey.id)
  if (!results || !results.enough) return null
  return {
    title: survey.title as string,
    share: results.overall,
    target: results.target / 100,
    met: results.meetsTarget,
    responses: results.responses,
  }
}

export async function tertialReport(year: number, tertial: 1 | 2 | 3) {
  const range = tertialReportRange(year, tertial)
  const previous = tertialReportRange(year - 1, tertial)
  const quality = await rangeQuality(range)
  const qualityBefore = await rangeQuality(previous)
  const deviations = await deviationsByType(range)
  const deviationsBefore = await deviationsByType(previous)
  const types = [...new Set([...deviations.keys(), ...deviationsBefore.keys()])].sort()
  return {
    year,
    tertial,
    range,
    previous,
    quality,
    qualityBefore,
    satisfaction: await satisfaction(year),
    deviations: types.map((type) => ({
      type,
      count: deviations.get(type) ?? 0,
      countLastYear: deviationsBefore.get(type) ?? 0,
    })),
    organisations: await connectedOrganisations(range),
    budget: await budgetSection(year, range),
    feedback: await feedbackSection(range, previous),
  }
}

export type TertialReport = Awaited<ReturnType<typeof tertialReport>>
