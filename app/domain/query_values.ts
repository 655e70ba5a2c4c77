/**
 * Numbers read from the query string (`?page=`, `?organisation=`, `?citera=`): anyone can
 * type any text there, so a value the database could not take (a negative offset, an id
 * beyond its integer range) is read as "none" here instead of ending in a 500.
 */

/** The highest page number a list is asked for (a million pages of 50 rows). */
export const MAX_PAGE = 1_000_000

/** The largest id a PostgreSQL `integer` column holds. */
export const MAX_ROW_ID = 2_147_483_647

function wholeNumber(value: unknown, max: number) {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) return null
  const number = Number(value)
  return number <= max ? number : null
}

/** `?page=`: a whole number from 1 to MAX_PAGE; anything else is the first page. */
export function pageNumber(value: unknown) {
  return wholeNumber(value, MAX_PAGE) ?? 1
}

/** An id from the query string: a whole number from 1 to MAX_ROW_ID, otherwise null. */
export function rowIdOrNull(value: unknown) {
  return wholeNumber(value, MAX_ROW_ID)
}

/**
 * A typed value as a refusal may quote it back: text (or a number) only, at most 40
 * characters — never an object's "[object Object]" or a few thousand characters.
 */
export function shownValue(value: unknown) {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
