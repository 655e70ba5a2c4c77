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
type Cell = string | number | bigint | null | undefined

/** What makes a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/
/** A number as Excel reads it: a sign, digits (thousands may be grouped by spaces), a decimal comma or point. */
const NUMBER = /^[-+]?(\d+|\d{1,3}([ \u00a0]\d{3})+)([,.]\d+)?$/

/** The text with a leading `'` when a spreadsheet would otherwise run it as a formula. */
export function neutraliseFormula(text: string) {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text
}

function field(value: Cell) {
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
