import vine from '@vinejs/vine'
import { noControlCharactersInText } from '#validators/plain_text'

/** A budget or preview year in a URL or query: `2000`–`2100`. */
export const BUDGET_YEAR = /^(20\d\d|2100)$/

/** The year of `?ar=` (or the default when absent); 'bad' when typed and not a year. */
export function budgetYearOf(typed: unknown, fallback: number): number | 'bad' {
  if (typed === undefined || typed === null || typed === '') return fallback
  return BUDGET_YEAR.test(String(typed)) ? Number(typed) : 'bad'
}

/**
 * The months whose field the budget form did not send at all (1–12, ascending). A blank
 * field is a month entered on purpose as 0 kr; a field not sent is a broken or tampered
 * form, which must not save 0 kr for it: the controller refuses it (422).
 */
export function missingBudgetMonths(input: Record<string, unknown>) {
  return Array.from({ length: 12 }, (_, index) => index + 1).filter(
    (month) => !Object.hasOwn(input, `month_${month}`)
  )
}

/** Months as a reader reads them: runs of three or more as `first–last`, the rest listed. */
export function monthList(months: number[], name: (month: number) => string) {
  const parts: string[] = []
  for (let start = 0; start < months.length;) {
    let end = start
    while (end + 1 < months.length && months[end + 1] === months[end] + 1) end++
    if (end - start >= 2) parts.push(`${name(months[start])}–${name(months[end])}`)
    else for (let i = start; i <= end; i++) parts.push(name(months[i]))
    start = end + 1
  }
  return parts.join(', ')
}

/** The budget form: twelve amounts in kronor, `month_1` … `month_12` (empty = 0 kr). */
export const budgetFormValidator = vine.create(
  Object.fromEntries(
    Array.from({ length: 12 }, (_, index) => [
      `month_${index + 1}`,
      vine.string().trim().maxLength(30).optional(),
    ])
  )
)

export const forecastMethodValidator = vine.create({
  method: vine.enum(['budget', 'run_rate'] as const),
})

/** Accept or waive a true-up: the amount the page showed, and a comment. */
export const trueUpValidator = vine.create({
  decision: vine.enum(['accept', 'waive'] as const),
  shownOre: vine
    .string()
    .trim()
    .regex(/^-?\d{1,16}$/),
  comment: vine.string().trim().minLength(2).maxLength(1000).use(noControlCharactersInText()),
})
