/**
 * CSV files for download that open in Swedish Excel untouched: UTF-8 with BOM, `;` as
 * delimiter, CRLF line endings, fields quoted when needed.
 */
function field(value: string | number | bigint | null | undefined) {
  const text = value === null || value === undefined ? '' : String(value)
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(header: string[], rows: (string | number | bigint | null | undefined)[][]) {
  const lines = [header, ...rows].map((row) => row.map(field).join(';'))
  return '\ufeff' + lines.join('\r\n') + '\r\n'
}
