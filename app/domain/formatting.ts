/**
 * Swedish display formats (DOMAIN.md "Money"): `1 234 567,89 kr`, dates `2026-10-31`,
 * months `oktober 2026`, time zone Europe/Stockholm. Used only at the edges (views,
 * PDFs, exports); storage and arithmetic stay in integer öre.
 */
const MONTHS_SV = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
]

/** Group digits by three with a no-break space. */
function group(digits: string) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')
}

/** Integer öre → `1 234,50 kr` (hyphen-minus for negatives, safe in every font). */
export function formatOre(ore: bigint | number | string, options: { unit?: boolean } = {}) {
  const value = BigInt(ore)
  const negative = value < 0n
  const abs = negative ? -value : value
  const kronor = group((abs / 100n).toString())
  const cents = (abs % 100n).toString().padStart(2, '0')
  const text = `${negative ? '-' : ''}${kronor},${cents}`
  return options.unit === false ? text : `${text}\u00a0kr`
}

/** A whole number with Swedish grouping: 12 345. */
export function formatInteger(value: number | bigint) {
  const text = BigInt(value).toString()
  return text.startsWith('-') ? `-${group(text.slice(1))}` : group(text)
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/**
 * A month in the reader's language: `2026-10` → `oktober 2026` (sv, the default) or
 * `October 2026` (en). The one home for month names: views (the `formatMonth` global is
 * bound to the request's locale), PDFs and coded messages use it.
 */
export function formatMonth(period: string, locale: string = 'sv') {
  const [year, month] = period.split('-')
  const names = locale.startsWith('en') ? MONTHS_EN : MONTHS_SV
  return `${names[Number(month) - 1]} ${year}`
}

/** A timestamp as Stockholm local time, `2026-10-31 14:05`. */
/** One formatter for every date and time shown (creating one per call is slow). */
const DATE_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
})

export function formatDateTime(value: Date | string | null | undefined) {
  if (!value) return ''
  return DATE_TIME.format(typeof value === 'string' ? new Date(value) : value)
}

const WEEKDAYS: Record<string, Intl.DateTimeFormat> = {
  sv: new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', weekday: 'long' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', weekday: 'long' }),
}

/** A meeting's time with its weekday, `tisdag 2026-12-08 09:00` (en: `Tuesday …`). */
export function formatWeekdayDateTime(value: Date | string | null | undefined, locale = 'sv') {
  if (!value) return ''
  const date = typeof value === 'string' ? new Date(value) : value
  const weekdays = locale.startsWith('en') ? WEEKDAYS.en : WEEKDAYS.sv
  return `${weekdays.format(date)} ${formatDateTime(date)}`
}

/** A decimal string from the database (`41250.0000`) in Swedish: `41 250` / `3,95`. */
export function formatDecimal(value: string) {
  const [integer, fraction = ''] = String(value).split('.')
  const negative = integer.startsWith('-')
  const digits = group(negative ? integer.slice(1) : integer)
  const trimmed = fraction.replace(/0+$/, '').padEnd(fraction ? 2 : 0, '0')
  return `${negative ? '-' : ''}${digits}${trimmed ? ',' + trimmed : ''}`
}

/** A ratio 0–1 as `85,3 %` (one decimal); empty ratio: `–`. */
export function formatPercent(value: number | null | undefined) {
  if (value === null || value === undefined) return '–'
  return `${(value * 100).toFixed(1).replace('.', ',')}\u00a0%`
}

/** Seconds with one decimal: `37,0 s`. */
export function formatSeconds(value: number | null | undefined) {
  if (value === null || value === undefined) return '–'
  return `${value.toFixed(1).replace('.', ',')}\u00a0s`
}

/** Tenths of a percent as a signed change: `34n` → `+3,4 %`, `-5n` → `-0,5 %`; null → `–`. */
export function formatPermilleChange(permille: bigint | number | null | undefined) {
  if (permille === null || permille === undefined) return '–'
  const value = BigInt(permille)
  const abs = value < 0n ? -value : value
  const sign = value < 0n ? '-' : value > 0n ? '+' : ''
  return `${sign}${group((abs / 10n).toString())},${abs % 10n}\u00a0%`
}

/** Basis points as a signed percentage with two decimals: `42n` → `+0,42 %`; null → `–`. */
export function formatBasisPoints(bp: bigint | number | null | undefined) {
  if (bp === null || bp === undefined) return '–'
  const value = BigInt(bp)
  const abs = value < 0n ? -value : value
  const sign = value < 0n ? '-' : value > 0n ? '+' : '±'
  return `${sign}${group((abs / 100n).toString())},${(abs % 100n).toString().padStart(2, '0')}\u00a0%`
}
