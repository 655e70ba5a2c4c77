/**
 * Retention (gallring) of raw call records: whole months are kept. With `months` = 36 on
 * 2026-12-02, the calls from 2023-12-01 00:00 (Stockholm) on are kept and older ones go.
 */
export const DEFAULT_RETENTION_MONTHS = 36

/** The first day (ISO date) of the oldest month that is kept. */
export function retentionCutoff(today: string, months: number) {
  const [year, month] = today.split('-').map(Number)
  const index = year * 12 + (month - 1) - months
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`
}
