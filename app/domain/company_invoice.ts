/**
 * What a company's invoice must carry (DOMAIN.md "Who is invoiced"; mervärdesskattelagen
 * 17 kap. 24 §): the buyer's organisation number and address, the issuer's VAT number.
 * Pure rules: parsing and normalising the register's values, and which are missing.
 */
import type { Parsed } from '#domain/swedish_csv'

/** The Luhn (mod 10) check digit rule Swedish organisation and personal numbers use. */
export function luhnValid(digits: string) {
  let sum = 0
  for (let index = 0; index < digits.length; index++) {
    let value = Number(digits[digits.length - 1 - index])
    if (index % 2 === 1) {
      value *= 2
      if (value > 9) value -= 9
    }
    sum += value
  }
  return sum % 10 === 0
}

/**
 * An organisationsnummer as typed: `556036-0793`, `5560360793`, `556036 0793` or with the
 * `16` century prefix (`165560360793`); stored as `NNNNNN-NNNN` once its check digit holds.
 */
export function parseOrganisationNumber(raw: string): Parsed<string> {
  const text = raw.trim().replace(/[\s\u00a0]/g, '')
  if (text === '') return { ok: false, message: 'saknas' }
  const match = /^(?:16)?(\d{6})-?(\d{4})$/.exec(text)
  if (!match) return { ok: false, message: 'ska skrivas NNNNNN-NNNN (tio siffror)' }
  const digits = match[1] + match[2]
  if (!luhnValid(digits))
    return { ok: false, message: 'har fel kontrollsiffra (sista siffran stämmer inte)' }
  return { ok: true, value: `${match[1]}-${match[2]}` }
}

/** A Swedish postcode, stored `NNN NN` (`11122` and `111 22` both accepted). */
export function parsePostcode(raw: string): Parsed<string> {
  const text = raw.trim().replace(/[\s\u00a0]/g, '')
  if (text === '') return { ok: false, message: 'saknas' }
  if (!/^\d{5}$/.test(text)) return { ok: false, message: 'ska vara fem siffror, t.ex. 104 20' }
  return { ok: true, value: `${text.slice(0, 3)} ${text.slice(3)}` }
}

/** An e-mail address for invoices: one address, at most 254 characters. */
export function parseInvoiceEmail(raw: string): Parsed<string> {
  const text = raw.trim()
  if (text === '') return { ok: false, message: 'saknas' }
  if (text.length > 254) return { ok: false, message: 'är längre än 254 tecken' }
  if (!/^[^\s@;,<>"]+@[^\s@;,<>"]+\.[^\s@;,<>"]+$/.test(text))
    return { ok: false, message: 'är ingen e-postadress' }
  return { ok: true, value: text.toLowerCase() }
}

/** A VAT registration number of a Swedish legal entity: `SE` + organisation number + `01`. */
export function parseVatNumber(raw: string): Parsed<string> {
  const text = raw
    .trim()
    .replace(/[\s\u00a0-]/g, '')
    .toUpperCase()
  const match = /^SE(\d{10})01$/.exec(text)
  if (!match)
    return { ok: false, message: 'ska skrivas SE + organisationsnumrets tio siffror + 01' }
  if (!luhnValid(match[1]))
    return { ok: false, message: 'har fel kontrollsiffra i organisationsnumret' }
  return { ok: true, value: text }
}

export type CompanyDetail = 'orgNumber' | 'address' | 'invoiceEmail'

export interface InvoiceDetails {
  kind: string
  orgNumber: string | null
  postalStreet: string | null
  postalCode: string | null
  postalTown: string | null
  invoiceEmail: string | null
}

/** What a company lacks for a lawful invoice (none for an administration). */
export function missingCompanyDetails(organisation: InvoiceDetails): CompanyDetail[] {
  if (organisation.kind !== 'bolag') return []
  const missing: CompanyDetail[] = []
  if (!organisation.orgNumber) missing.push('orgNumber')
  if (!organisation.postalStreet || !organisation.postalCode || !organisation.postalTown)
    missing.push('address')
  if (!organisation.invoiceEmail) missing.push('invoiceEmail')
  return missing
}

/** A warning shown on the allocation: a code and its parameters, worded by i18n when shown. */
export interface CodedWarning {
  code: string
  params: Record<string, string | number | string[]>
}

/** The Luhn (mod 10) check digit that makes `digits` + it valid. */
export function luhnCheckDigit(digits: string) {
  for (let digit = 0; digit <= 9; digit++) if (luhnValid(digits + digit)) return String(digit)
  throw new Error('unreachable: one of ten digits always completes a Luhn number')
}

/**
 * The OCR number a company pays with (Bankgirot's OCR reference, "hård kontroll"): the
 * invoice number's digits, a length digit (the whole reference's length mod 10) and a Luhn
 * check digit — `2026-00001` → `20260000110`. Unique per invoice, like its number.
 */
export function ocrReference(invoiceNumber: string) {
  const digits = invoiceNumber.replace(/\D/g, '')
  const withLength = digits + String((digits.length + 2) % 10)
  return withLength + luhnCheckDigit(withLength)
}

/** Whether an OCR reference is well-formed: its length digit and its check digit hold. */
export function ocrReferenceValid(reference: string) {
  if (!/^\d{2,25}$/.test(reference)) return false
  return Number(reference.at(-2)) === reference.length % 10 && luhnValid(reference)
}
