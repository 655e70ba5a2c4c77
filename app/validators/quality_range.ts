/**
 * A date range typed by someone — the range view's `?fran=&till=` or `?forval=`, the API's
 * `?from=&to=`, `quality:report --from --to` — checked so that each refusal says what is
 * wrong: a date left out, a date outside what is kept, a preset that does not exist, or the
 * rules of `checkRange` (a real date, the end not before the start, at most ten years).
 */
import { isIsoDate } from '#domain/periods'
export { shownValue } from '#domain/query_values'
import {
  checkRange,
  presetRange,
  RANGE_PRESETS,
  type DateRange,
  type RangePreset,
  type RangeRefusal,
  FIRST_RANGE_DAY,
  LAST_RANGE_DAY,
} from '#domain/date_ranges'

export type TypedRangeRefusal = RangeRefusal | 'missingDate' | 'outOfRange' | 'unknownPreset'

const absent = (value: unknown) => value === undefined || value === null || value === ''

export function typedRange(from: unknown, to: unknown): DateRange | TypedRangeRefusal {
  if (absent(from) || absent(to)) return 'missingDate'
  if (isIsoDate(from) && isIsoDate(to)) {
    const outside = (day: string) => day < FIRST_RANGE_DAY || day > LAST_RANGE_DAY
    if (outside(from) || outside(to)) return 'outOfRange'
  }
  return checkRange(from, to)
}

/**
 * The range view's query: a known preset, or `fran` and `till`, or (neither) the default.
 * A preset that does not exist is refused rather than silently shown as the default.
 */
export function rangeOfQuery(
  query: { forval?: unknown; fran?: unknown; till?: unknown },
  today: string,
  fallback: RangePreset
): { range: DateRange; refusal: TypedRangeRefusal | null } {
  const byDefault = presetRange(fallback, today)
  if (!absent(query.forval)) {
    if (
      typeof query.forval === 'string' &&
      (RANGE_PRESETS as readonly string[]).includes(query.forval)
    )
      return { range: presetRange(query.forval as RangePreset, today), refusal: null }
    return { range: byDefault, refusal: 'unknownPreset' }
  }
  if (query.fran === undefined && query.till === undefined)
    return { range: byDefault, refusal: null }
  const checked = typedRange(query.fran, query.till)
  return typeof checked === 'string'
    ? { range: byDefault, refusal: checked }
    : { range: checked, refusal: null }
}
