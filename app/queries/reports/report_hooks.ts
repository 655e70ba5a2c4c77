/**
 * Sections of the tertial and annual report that other modules fill (docs/adr/0030):
 * budget and forecast (issue 17 points 1–2, built in parallel) and feedback by type
 * (issue 16 point 5). Each returns null until its module exists; the report then shows
 * "not yet available" for the section. To connect one, return its rows here — the page
 * and the PDF already show them.
 */
import type { DateRange } from '#domain/date_ranges'

export interface BudgetSection {
  /** per pool: budget and actual for the report period, and the year's forecast */
  pools: { code: string; budgetOre: number; actualOre: number; forecastOre: number | null }[]
  /** how the forecast was made, in words */
  method: string
}

export interface FeedbackSection {
  types: { type: string; label: string; count: number; countLastYear: number }[]
}

export async function budgetSection(
  _year: number,
  _range: DateRange
): Promise<BudgetSection | null> {
  return null
}

export async function feedbackSection(_range: DateRange): Promise<FeedbackSection | null> {
  return null
}
