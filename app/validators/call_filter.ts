/**
 * The call list's filters from the query string (issue 17 point 5). Anyone can type
 * anything there: each field has a limit, and a value outside it is a refusal code for
 * that field (the page is shown again with status 422 and the message beside the field),
 * never a 500. Without dates the list shows the latest day with calls (the controller).
 */
import { checkRange, MAX_RANGE_DAYS, rangeDays } from '#domain/date_ranges'
import { MAX_ROW_ID } from '#domain/query_values'
import {
  OUTCOME_FILTERS,
  type CallCursor,
  type CallFilter,
  type OutcomeFilter,
} from '#queries/calls/call_list'

/** A refused field: the message's code (`callList.errors.*`) and the values it names. */
export interface FilterError {
  code: string
  values?: Record<string, string | number>
}
export type FilterErrors = Partial<Record<string, FilterError>>

const NUMBER = /^[0-9+]{1,20}$/
const optional = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

function wholeNumber(value: string | undefined, min: number, max: number) {
  if (value === undefined) return { ok: true as const, value: undefined }
  if (!/^\d{1,10}$/.test(value)) return { ok: false as const }
  const number = Number(value)
  return number >= min && number <= max
    ? { ok: true as const, value: number }
    : { ok: false as const }
}

/** The whole-number filters: query name, filter key, smallest and largest allowed value. */
export const NUMBER_FILTERS: [string, keyof CallFilter, number, number][] = [
  ['veckodag', 'weekday', 1, 7],
  ['timme', 'hour', 0, 23],
  ['vantetidHogst', 'waitMax', 0, 100_000],
  ['vantetidOver', 'waitMin', 0, 100_000],
]

/**
 * The filter, and for each field that cannot be used the refusal naming what is allowed.
 * Nothing typed is dropped in silence: a field is either used or refused. Whether an
 * organisation exists (and is the contact's own) is the controller's check.
 */
export function parseCallFilter(
  qs: Record<string, unknown>,
  defaultDay: string
): { filter: CallFilter; errors: FilterErrors } {
  const errors: FilterErrors = {}
  const from = optional(qs.fran) ?? defaultDay
  const to = optional(qs.till) ?? from
  for (const [name, value] of [
    ['fran', from],
    ['till', to],
  ] as const)
    if (checkRange(value, value) === 'invalidDate') errors[name] = { code: 'invalidDate' }
  const range = checkRange(from, to)
  if (typeof range === 'string' && range !== 'invalidDate')
    errors.till =
      range === 'endBeforeStart'
        ? { code: 'endBeforeStart', values: { from, to } }
        : { code: 'tooLong', values: { max: MAX_RANGE_DAYS, days: rangeDays({ from, to }) } }
  const filter: CallFilter =
    typeof range === 'string' ? { from: defaultDay, to: defaultDay } : { ...range }
  for (const [name, key, min, max] of NUMBER_FILTERS) {
    const parsed = wholeNumber(optional(qs[name]), min, max)
    if (!parsed.ok) errors[name] = { code: 'wholeNumber', values: { min, max } }
    else if (parsed.value !== undefined) (filter as any)[key] = parsed.value
  }
  const organisation = optional(qs.organisation)
  if (organisation !== undefined) {
    const parsed = wholeNumber(organisation, 1, MAX_ROW_ID)
    if (parsed.ok) filter.organisationId = parsed.value
    else errors.organisation = { code: 'unknownOrganisation', values: { value: organisation } }
  }
  for (const [name, key] of [
    ['ingang', 'entry'],
    ['anknytning', 'extension'],
  ] as const) {
    const value = optional(qs[name])
    if (value === undefined) continue
    if (!NUMBER.test(value)) errors[name] = { code: 'badNumber' }
    else filter[key] = value
  }
  const outcome = optional(qs.utfall)
  if (outcome !== undefined) {
    if ((OUTCOME_FILTERS as readonly string[]).includes(outcome))
      filter.outcome = outcome as OutcomeFilter
    else errors.utfall = { code: 'badOutcome' }
  }
  return { filter, errors }
}

/** A call id typed in the search (the supplier's id: at most 64 characters, printable). */
export function parseCallId(value: unknown): string | null | 'bad' {
  const text = optional(value)
  if (text === undefined) return null
  return text.length <= 64 && /^[\x21-\x7E]+$/.test(text) ? text : 'bad'
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~([\x21-\x7E]{1,64})$/

/**
 * Where an Äldre/Nyare link starts its page (`aldre` or `nyare`: a call's start to the
 * microsecond in UTC, `~`, its id), null without one, or 'bad' for anything else.
 */
export function parseCallCursor(qs: Record<string, unknown>): CallCursor | null | 'bad' {
  const older = optional(qs.aldre)
  const newer = optional(qs.nyare)
  if (older === undefined && newer === undefined) return null
  if (older !== undefined && newer !== undefined) return 'bad'
  const match = CURSOR.exec((older ?? newer)!)
  if (!match || Number.isNaN(Date.parse(match[1]))) return 'bad'
  return { direction: older ? 'older' : 'newer', startedAt: match[1], callId: match[2] }
}
