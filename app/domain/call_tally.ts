/**
 * The call import's fast path counts, while the rows stream past, everything the
 * database would otherwise work out afterwards from a staging table:
 *
 * - the organisation that had each call's extension on the call's Stockholm date (the
 *   extensions register, `valid_from`–`valid_to` inclusive, never overlapping);
 * - what the import adds to the three aggregates: `call_hourly` (UTC hour, entry number,
 *   outcome, wait bucket), `call_daily` (the same per Stockholm day) and `call_hourly_org`
 *   (transferred calls per hour, organisation and outcome);
 * - the calls that cannot be attributed, and the extensions most of them went to.
 *
 * It must agree exactly with the SQL of the staging path (app/actions/calls/import_calls.ts,
 * `mergeStaged`); tests/functional/call_import.spec.ts compares the two.
 */
import type { CallOutcome, CallRow } from '#domain/call_rows'
import { waitBucket } from '#domain/wait_buckets'

const HOUR = 3_600_000

interface RegisterEntry {
  /** `valid_from` and `valid_to` as yyyymmdd numbers (open end: Infinity) */
  from: number
  to: number
  organisationId: number | null
}

/** `2026-10-05` → 20261005 */
export function dayNumber(date: string) {
  return (
    Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10))
  )
}

/** 20261005 → `2026-10-05` */
function dayText(day: number) {
  const text = String(day)
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`
}

/** The extensions register in memory: number → its effective-dated entries. */
export class ExtensionRegister {
  #byNumber = new Map<string, RegisterEntry[]>()

  add(number: string, from: string, to: string | null, organisationId: number | null) {
    const entry = {
      from: dayNumber(from),
      to: to === null ? Infinity : dayNumber(to),
      organisationId,
    }
    const entries = this.#byNumber.get(number)
    if (entries) entries.push(entry)
    else this.#byNumber.set(number, [entry])
  }

  /** The organisation of an extension on a day (yyyymmdd); null when none has it. */
  organisationOn(number: string, day: number): number | null {
    const entries = this.#byNumber.get(number)
    if (!entries) return null
    for (const entry of entries) {
      if (entry.from <= day && entry.to >= day) return entry.organisationId
    }
    return null
  }
}

/** What the tally needs of a call (both readers fill it: the plain-line one without strings per field). */
export interface TallyCall {
  utcMs: number
  /** the Stockholm date as yyyymmdd */
  localDay: number
  entryNumber: string
  outcome: CallOutcome
  waitSeconds: number
  talkSeconds: number
  extension: string | null
  /** kronor in ten-thousandths */
  costUnits: number
}

export function tallyCallOf(row: CallRow): TallyCall {
  return {
    utcMs: row.utcMs,
    localDay: dayNumber(row.localDate),
    entryNumber: row.entryNumber,
    outcome: row.outcome,
    waitSeconds: row.waitSeconds,
    talkSeconds: row.talkSeconds,
    extension: row.extension,
    costUnits: costUnits(row.cost),
  }
}

/** One group of an aggregate: its key columns and its sums. */
export interface Group {
  /** hours since 1970 (UTC) for `call_hourly` and `call_hourly_org`, the Stockholm date for `call_daily` */
  period: number | string
  entryNumber: string
  outcome: string
  waitBucket: number
  organisationId: number
  calls: number
  waitSeconds: number
  talkSeconds: number
  /** kronor in ten-thousandths (numeric(…, 4)), exact as an integer */
  cost: number
}

/** `3,95` / `3.95` / `12` (at most 4 decimals, already checked) → ten-thousandths of a krona. */
export function costUnits(cost: string) {
  const point = cost.indexOf('.')
  if (point < 0) return Number(cost) * 10_000
  const fraction = cost.slice(point + 1)
  return Number(cost.slice(0, point)) * 10_000 + Number(fraction.padEnd(4, '0'))
}

const OUTCOME_INDEX: Record<string, number> = {
  besvarat: 0,
  kopplat: 1,
  avbrutet: 2,
  meddelande: 3,
}
/** room for the interned entry numbers in a key (a switchboard has a handful) */
const ENTRY_SPACE = 256
/** wait buckets (0–301) × outcomes × entry numbers */
const HISTOGRAM_KEYS = 302 * 4 * ENTRY_SPACE
const ORGANISATION_SPACE = 2 ** 20

/**
 * Groups of one aggregate in one map, under one integer: the period (hour or day, counted
 * from the first one seen) times the key space, plus the wait bucket, outcome and entry
 * number (or outcome and organisation) packed into the key. For a month of calls these
 * stay small integers, which V8 keeps unboxed and hashes fast; a string key per row and
 * aggregate cost more than all the row's checks. Larger spans are still exact (< 2^53).
 */
class Groups {
  readonly #groups = new Map<number, Group>()
  readonly #keySpace: number
  #base: number | null = null

  constructor(keySpace: number) {
    this.#keySpace = keySpace
  }

  /** Count a call in the group `key` of `period`; `label` and `organisationId` describe a new group. */
  add(
    period: number,
    key: number,
    row: TallyCall,
    bucket: number,
    cost: number,
    label: number | string,
    organisationId: number
  ) {
    this.#base ??= period
    const id = (period - this.#base) * this.#keySpace + key
    const group = this.#groups.get(id)
    if (group) {
      group.calls++
      group.waitSeconds += row.waitSeconds
      group.talkSeconds += row.talkSeconds
      group.cost += cost
    } else {
      this.#groups.set(id, {
        period: label,
        entryNumber: row.entryNumber,
        outcome: row.outcome,
        waitBucket: bucket,
        organisationId,
        calls: 1,
        waitSeconds: row.waitSeconds,
        talkSeconds: row.talkSeconds,
        cost,
      })
    }
  }

  [Symbol.iterator]() {
    return this.#groups.values()
  }
}

/** More entry numbers (or a larger organisation id) than the packed keys hold: the import takes the staging path. */
export class TallyOverflow extends Error {}

export class CallTally {
  readonly hourly = new Groups(HISTOGRAM_KEYS)
  readonly daily = new Groups(HISTOGRAM_KEYS)
  readonly byOrganisation = new Groups(4 * ORGANISATION_SPACE)
  readonly unknownExtensions = new Map<string, number>()
  calls = 0
  unattributed = 0
  #entries = new Map<string, number>()
  #days = new Map<number, number>()
  #dayTexts: string[] = []

  /** A small number for each distinct value, in order of first appearance. */
  #intern<Value>(map: Map<Value, number>, value: Value) {
    let index = map.get(value)
    if (index === undefined) {
      index = map.size
      map.set(value, index)
    }
    return index
  }

  add(row: TallyCall, organisationId: number | null) {
    this.calls++
    const bucket = waitBucket(row.waitSeconds)
    const cost = row.costUnits
    const hour = Math.floor(row.utcMs / HOUR)
    const outcome = OUTCOME_INDEX[row.outcome]
    const entry = this.#intern(this.#entries, row.entryNumber)
    if (entry >= ENTRY_SPACE || (organisationId ?? 0) >= ORGANISATION_SPACE)
      throw new TallyOverflow()
    const histogramKey = (bucket * 4 + outcome) * ENTRY_SPACE + entry
    this.hourly.add(hour, histogramKey, row, bucket, cost, hour, 0)
    const day = this.#intern(this.#days, row.localDay)
    this.#dayTexts[day] ??= dayText(row.localDay)
    this.daily.add(day, histogramKey, row, bucket, cost, this.#dayTexts[day], 0)
    if (organisationId !== null) {
      this.byOrganisation.add(
        hour,
        outcome * ORGANISATION_SPACE + organisationId,
        row,
        0,
        0,
        hour,
        organisationId
      )
    } else if (row.extension !== null) {
      this.unattributed++
      this.unknownExtensions.set(
        row.extension,
        (this.unknownExtensions.get(row.extension) ?? 0) + 1
      )
    }
  }

  /** The earliest Stockholm day counted (`YYYY-MM-DD`), or null before any call. */
  earliestDay() {
    let earliest = Infinity
    for (const day of this.#days.keys()) if (day < earliest) earliest = day
    return earliest === Infinity ? null : dayText(earliest)
  }

  /** The Stockholm days counted, first to last (`YYYY-MM-DD`), or null before any call. */
  daySpan() {
    let [first, last] = [Infinity, -Infinity]
    for (const day of this.#days.keys()) {
      if (day < first) first = day
      if (day > last) last = day
    }
    return first === Infinity ? null : { from: dayText(first), to: dayText(last) }
  }

  /** The extensions with most unattributed calls, as `number (calls)`; ties by number. */
  topUnknownExtensions(limit = 20) {
    return [...this.unknownExtensions]
      .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit)
      .map(([extension, calls]) => `${extension} (${calls})`)
  }
}
