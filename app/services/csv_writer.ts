/**
 * CSV files for download that open in Swedish Excel untouched: UTF-8 with BOM, `;` as
 * delimiter, CRLF line endings, fields quoted when needed.
 *
 * Every CSV the app hands out is written here, and no cell reaches a spreadsheet as a
 * formula (OWASP "CSV injection"): text that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return (or their full-width forms) gets a leading `'`, which Excel and
 * LibreOffice show as text. Numbers are left alone — a negative amount `-12,50` stays a
 * number — so only non-numeric text is changed. See docs/adr/0011 (also why the finance
 * journal goes through this too).
 */
/**
 * A value Excel must show as text exactly as written: an extension number or cost centre
 * with a leading zero (`0850811400`, `01000`), a period (`2026-10`, which Excel would turn
 * into a date) or an invoice number. Written as `="…"` — only when the value is digits with
 * dashes or spaces, so nothing but that literal text can come out of it; anything else is
 * an ordinary (neutralised) text cell.
 */
export class TextCell {
  constructor(readonly value: string) {}
}

export const asText = (value: string | null | undefined) =>
  value === null || value === undefined ? '' : new TextCell(value)

/** What Excel would read as a number or a date and so lose a leading zero or change. */
const KEEP_AS_TEXT = /^[0-9][0-9 -]*$/

export type Cell = string | number | bigint | TextCell | null | undefined

/** What makes a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/
/** A number as Excel reads it: a sign, digits (thousands may be grouped by spaces), a decimal comma or point. */
const NUMBER = /^[-+]?(\d+|\d{1,3}([ \u00a0]\d{3})+)([,.]\d+)?$/

/** The text with a leading `'` when a spreadsheet would otherwise run it as a formula. */
export function neutraliseFormula(text: string) {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text
}

function field(value: Cell) {
  if (value instanceof TextCell) {
    const literal = KEEP_AS_TEXT.test(value.value) ? `="${value.value}"` : null
    if (literal) return `"${literal.replace(/"/g, '""')}"`
    value = value.value
  }
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? neutraliseFormula(value)
        : String(value)
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(header: string[], rows: Cell[][]) {
  const lines = [header, ...rows].map((row) => row.map(field).join(';'))
  return '\ufeff' + lines.join('\r\n') + '\r\n'
}
