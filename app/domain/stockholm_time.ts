/**
 * Europe/Stockholm local time → UTC without a date library per row (FORMATS.md, `Start`).
 *
 * Sweden follows the EU rule: summer time (UTC+2) from the last Sunday of March 01:00 UTC
 * to the last Sunday of October 01:00 UTC, otherwise UTC+1. The two transitions are
 * computed once per year and cached, so a million rows cost a few integer operations each.
 *
 * - a local time inside the spring-forward gap (02:00–02:59 on the last Sunday of March)
 *   does not exist: `gap`;
 * - a local time in the repeated autumn hour (02:00–02:59 on the last Sunday of October)
 *   exists twice: the first (summer-time) occurrence is returned with `ambiguous`.
 */
export type LocalConversion =
  { kind: 'ok'; utcMs: number } | { kind: 'ambiguous'; utcMs: number } | { kind: 'gap' }

const HOUR = 3_600_000
const transitions = new Map<number, { springUtc: number; autumnUtc: number }>()

function lastSundayUtc(year: number, monthIndex: number) {
  const last = new Date(Date.UTC(year, monthIndex + 1, 0))
  return Date.UTC(year, monthIndex, last.getUTCDate() - last.getUTCDay(), 1)
}

function transitionsOf(year: number) {
  let found = transitions.get(year)
  if (!found) {
    found = { springUtc: lastSundayUtc(year, 2), autumnUtc: lastSundayUtc(year, 9) }
    transitions.set(year, found)
  }
  return found
}

/** Convert a wall-clock time in Stockholm to a UTC instant. */
export function stockholmToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number
): LocalConversion {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second)
  const { springUtc, autumnUtc } = transitionsOf(year)
  // wall-clock instants of the transitions: spring 02:00 local standard, autumn 03:00 summer
  const springWall = springUtc + HOUR
  const autumnWall = autumnUtc + 2 * HOUR
  if (wall >= springWall && wall < springWall + HOUR) return { kind: 'gap' }
  if (wall >= autumnWall - HOUR && wall < autumnWall) {
    return { kind: 'ambiguous', utcMs: wall - 2 * HOUR }
  }
  const summer = wall >= springWall + HOUR && wall < autumnWall
  return { kind: 'ok', utcMs: wall - (summer ? 2 : 1) * HOUR }
}

/** The Stockholm calendar date (`YYYY-MM-DD`) of a UTC instant. */
export function stockholmDate(utcMs: number) {
  const { springUtc, autumnUtc } = transitionsOf(new Date(utcMs).getUTCFullYear())
  const offsetHours = utcMs >= springUtc && utcMs < autumnUtc ? 2 : 1
  return new Date(utcMs + offsetHours * HOUR).toISOString().slice(0, 10)
}

export const SPRING_GAP_MESSAGE =
  'Tiden finns inte den dagen (sommartiden börjar); välj en annan tid.'

/**
 * A date (`YYYY-MM-DD`) and a time (`HH:MM`) as entered in a form, read on the
 * Stockholm wall clock whatever the server's time zone; null in the spring-forward gap.
 */
export function stockholmWallClock(date: string, time: string): Date | null {
  const [year, month, day] = date.split('-').map(Number)
  const [hour, minute] = time.split(':').map(Number)
  const converted = stockholmToUtc(year, month, day, hour, minute, 0)
  return converted.kind === 'gap' ? null : new Date(converted.utcMs)
}
