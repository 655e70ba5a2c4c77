import vine from '@vinejs/vine'
import { addYears, isIsoDate, isoDayOf } from '#domain/periods'
import { clock } from '#services/clock'

/**
 * A `YYYY-MM-DD` that the calendar has (not 2026-02-31, not year 0000), kept as the ISO
 * string: a regex alone let such dates through to PostgreSQL (a 500) or to a Date (shifted
 * to another day). Message: `validator.shared.messages.calendarDate`.
 */
export const calendarDate = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && !isIsoDate(value)) {
    field.report('{{ field }} måste vara ett datum som finns (ÅÅÅÅ-MM-DD)', 'calendarDate', field)
  }
})

/**
 * A `YYYY-MM-DD` (or a date `vine.date()` read) at most `back` years before today and `ahead`
 * years after (Stockholm): outside is a typo (2019 for 2029) or nothing the app can use. With
 * `wholeYears` the limits are whole calendar years: 1 January `back` years ago to 31
 * December `ahead` years on (the opening calendar). The refusal says the limit
 * (`validator.shared.messages.dateTooFarBack` / `dateTooFarAhead`).
 */
export const dateWithinYears = vine.createRule(
  (value, options: { back: number; ahead: number; wholeYears?: boolean }, field) => {
    const day = value instanceof Date ? isoDayOf(value) : value
    if (typeof day !== 'string' || !isIsoDate(day)) return
    const today = clock.today()
    const year = Number(today.slice(0, 4))
    const earliest = options.wholeYears
      ? `${year - options.back}-01-01`
      : addYears(today, -options.back)
    const latest = options.wholeYears
      ? `${year + options.ahead}-12-31`
      : addYears(today, options.ahead)
    if (day < earliest)
      field.report('{{ field }} är för långt bakåt', 'dateTooFarBack', field, {
        years: options.back,
        limit: earliest,
      })
    else if (day > latest)
      field.report('{{ field }} är för långt framåt', 'dateTooFarAhead', field, {
        years: options.ahead,
        limit: latest,
      })
  }
)
