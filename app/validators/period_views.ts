/**
 * The filters of the controller's views from the query string (docs/adr/0024): the period
 * page's organisation × pool matrix and the invoices list. Anyone can type anything there:
 * a value outside what is offered is a refusal for that field (the page is shown again with
 * status 422 and the message beside the field, the filter left out), never a 500.
 */
import { hasControlCharacter } from '#domain/plain_text'
import { MATRIX_SORTS, type MatrixOptions, type MatrixSort } from '#domain/allocation_matrix'
import { pageNumber } from '#domain/query_values'

export type FilterErrors = Partial<Record<string, string>>

export const ORGANISATION_KINDS = ['forvaltning', 'bolag'] as const
export const INVOICE_KINDS = ['invoice', 'credit'] as const
export const INVOICE_STATUSES = ['open', 'credited', 'partlyCredited', 'replaced'] as const

export interface InvoiceFilter {
  period?: string
  kind?: (typeof INVOICE_KINDS)[number]
  status?: (typeof INVOICE_STATUSES)[number]
}

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[]
): { ok: boolean; value?: T } {
  if (value === undefined) return { ok: true }
  return (allowed as readonly string[]).includes(value)
    ? { ok: true, value: value as T }
    : { ok: false }
}

/**
 * ?sok=…&typ=forvaltning|bolag&sortera=code|name|total|change&ordning=stigande|fallande&page=N
 * (the page as in every paged list: anything but a whole number is the first page)
 */
export function parseMatrixOptions(qs: Record<string, unknown>) {
  const errors: FilterErrors = {}
  const options: MatrixOptions = { page: pageNumber(qs.page) }
  const search = text(qs.sok)
  if (search !== undefined) {
    if (search.length > 100 || hasControlCharacter(search)) errors.sok = 'tooLong'
    else options.text = search
  }
  const kind = oneOf(text(qs.typ), ORGANISATION_KINDS)
  if (!kind.ok) errors.typ = 'unknownKind'
  else options.kind = kind.value
  const sort = oneOf<MatrixSort>(text(qs.sortera), MATRIX_SORTS)
  if (!sort.ok) errors.sortera = 'unknownSort'
  else options.sort = sort.value ?? 'code'
  const order = oneOf(text(qs.ordning), ['stigande', 'fallande'] as const)
  if (!order.ok) errors.ordning = 'unknownOrder'
  else options.descending = order.value === 'fallande'
  return { options, errors }
}

/** ?period=ÅÅÅÅ-MM&typ=invoice|credit&status=open|credited|partlyCredited|replaced */
export function parseInvoiceFilter(qs: Record<string, unknown>) {
  const errors: FilterErrors = {}
  const filter: InvoiceFilter = {}
  const period = text(qs.period)
  if (period !== undefined) {
    if (/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) filter.period = period
    else errors.period = 'badPeriod'
  }
  const kind = oneOf(text(qs.typ), INVOICE_KINDS)
  if (!kind.ok) errors.typ = 'unknownKind'
  else filter.kind = kind.value
  const status = oneOf(text(qs.status), INVOICE_STATUSES)
  if (!status.ok) errors.status = 'unknownStatus'
  else filter.status = status.value
  return { filter, errors }
}

/** The query string that keeps the matrix's filter and sort (its page links add the page). */
export function matrixQueryString(options: MatrixOptions) {
  return {
    ...(options.text ? { sok: options.text } : {}),
    ...(options.kind ? { typ: options.kind } : {}),
    ...(options.sort && options.sort !== 'code' ? { sortera: options.sort } : {}),
    ...(options.descending ? { ordning: 'fallande' } : {}),
  }
}

/**
 * The matrix's column headings as sort links: the query string of each, keeping the filter
 * (and back to the first page).
 */
export function matrixSortLinks(options: MatrixOptions) {
  const current = options.sort ?? 'code'
  return Object.fromEntries(
    MATRIX_SORTS.map((sort) => {
      const active = current === sort
      return [
        sort,
        {
          active,
          ariaSort: active ? (options.descending ? 'descending' : 'ascending') : 'none',
          qs: {
            ...(options.text ? { sok: options.text } : {}),
            ...(options.kind ? { typ: options.kind } : {}),
            sortera: sort,
            ordning: active && !options.descending ? 'fallande' : 'stigande',
          },
        },
      ]
    })
  )
}
