import vine from '@vinejs/vine'
import { MAX_ROW_ID } from '#domain/query_values'

/**
 * What a field naming a row may hold before it is read as a number: one value written in
 * digits (or a JSON number). VineJS reads with `Number()`, which took `organisationId[]=2`
 * (a list) as 2 and `0x10` as 16 (attack pass 2026-12-03); anything else becomes NaN here,
 * so the number rule refuses it ("… måste vara ett tal"). Missing stays missing.
 */
export function singleWholeNumber(value: unknown) {
  if (value === undefined || value === null || typeof value === 'number') return value
  return typeof value === 'string' && /^\d{1,20}$/.test(value) ? value : Number.NaN
}

/**
 * A form field naming a row by id: a whole number the database's integer column can hold,
 * checked before any `exists` query (a larger one or a fraction made PostgreSQL fail: 500).
 */
export const rowId = () =>
  vine.number().parse(singleWholeNumber).withoutDecimals().min(1).max(MAX_ROW_ID)
