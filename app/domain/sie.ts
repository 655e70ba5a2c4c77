/**
 * Fields of a SIE 4 file (SIE 4B, "Filformat för SIE"): a record is one line, its fields
 * are separated by spaces, and a text field is written in quotes with `\"` for a quote
 * and `\\` for a backslash. Control characters may not occur at all.
 *
 * `sieString` is the one way any text — names, verification numbers and texts, object
 * (cost centre) ids — goes into the file, so no value can end its field or its line and
 * add a record (a `#TRANS` the controller would load into the ledger). Codes that are
 * refused at validation (app/domain/plain_text.ts) may still be stored from before: their
 * control characters become spaces here.
 */
import { replaceControlCharacters } from '#domain/plain_text'

/** A quoted SIE text field; characters code page 437 lacks are replaced by their nearest ASCII. */
export function sieString(value: string) {
  const text = replaceControlCharacters(value)
    .replace(/[–—]/g, '-')
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '')
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/** An account number, or an organisation number, as an unquoted field: digits (and a dash) only. */
export function sieNumber(value: string, kind: 'account' | 'orgnr') {
  const pattern = kind === 'account' ? /^\d{1,10}$/ : /^\d{6}-\d{4}$/
  if (!pattern.test(value))
    throw new Error(
      `SIE: ${kind === 'account' ? 'kontonumret' : 'organisationsnumret'} ${JSON.stringify(value)} har fel form`
    )
  return value
}

/** An amount in öre as SIE writes it: kronor with a point and two decimals. */
export function sieAmount(ore: bigint) {
  const negative = ore < 0n
  const abs = negative ? -ore : ore
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}
