/**
 * The clock: the one place the app asks what time it is for a rule (an edit window, which
 * meetings are past, a reminder's due time, a survey's default year). Tests set the time
 * with `clock.freeze(at)` and give it back with `clock.restore()`, so no test depends on
 * today's date. Timestamps the database writes (`now()`, `created_at`) stay the database's.
 */
import { todayInStockholm } from '#domain/periods'

let frozenAt: number | null = null

export const clock = {
  /** now, or the frozen instant */
  now(): Date {
    return new Date(frozenAt ?? Date.now())
  },
  /** milliseconds since the epoch (for comparisons) */
  nowMs(): number {
    return frozenAt ?? Date.now()
  },
  /** today's ISO date in Stockholm */
  today(): string {
    return todayInStockholm(clock.now())
  },
  /** the calendar year in Stockholm */
  year(): number {
    return Number(clock.today().slice(0, 4))
  },
  /** stop the clock at `at` (tests) */
  freeze(at: Date | string) {
    frozenAt = new Date(at).getTime()
  },
  /** the real time again */
  restore() {
    frozenAt = null
  },
}
