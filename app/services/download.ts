/**
 * Every file the app sends for download (CSV, PDF, SIE) goes through `sendDownload`, the one
 * place that writes `Content-Disposition`.
 *
 * Node refuses to write a header holding text outside Latin-1 or a CR/LF, and does so after
 * the error handler, so the process ends (issue 11, point 1). A name built from data or the
 * query string (`SDF–BROMMA`, `?vy=€`) is therefore encoded per RFC 6266: an ASCII fallback
 * in `filename` and the exact name in `filename*=UTF-8''…`. A download is never stored by a
 * browser or proxy cache (`Cache-Control: no-store`).
 */
import type { HttpContext } from '@adonisjs/core/http'
import { toCsv, type Cell } from '#services/csv_writer'
import { toXlsx, XLSX_CONTENT_TYPE } from '#services/xlsx_writer'

/**
 * The `Content-Disposition` value for an attachment, in printable ASCII whatever the name
 * holds: `filename="…"` with letters stripped of accents and anything else outside ASCII
 * (and `"`, `%`) as `_`, plus `filename*=UTF-8''…` with the exact name when the two differ.
 * Control characters and path separators become `_` in both (a name is never a path).
 */
export function attachmentHeader(fileName: string) {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  const name = fileName.replace(/[\u0000-\u001f\u007f-\u009f/\\]/g, '_').trim() || 'fil'
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["%]/g, '_')
  if (ascii === name) return `attachment; filename="${ascii}"`
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`
}

/** RFC 5987 `attr-char` encoding (encodeURIComponent leaves ' ( ) * as they are). */
function encodeRfc5987(value: string) {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`
  )
}

/** Sends `body` as a download named `fileName`; returns the body for the controller to return. */
export function sendDownload<T>(
  response: HttpContext['response'],
  fileName: string,
  contentType: string,
  body: T
): T {
  response.header('content-type', contentType)
  response.header('content-disposition', attachmentHeader(fileName))
  response.header('cache-control', 'no-store')
  return body
}

/** The formats a table is downloaded in: CSV for systems, xlsx for people. */
export type TableFormat = 'csv' | 'xlsx'

/** `?format=xlsx` asks for the spreadsheet; anything else is the CSV. */
export function tableFormatOf(input: unknown): TableFormat {
  return input === 'xlsx' ? 'xlsx' : 'csv'
}

/**
 * A table (header and rows) as a download in the chosen format: `<baseName>.csv` or
 * `<baseName>.xlsx` (app/services/xlsx_writer.ts) — one call for both.
 */
export async function sendTable(
  response: HttpContext['response'],
  format: TableFormat,
  baseName: string,
  header: string[],
  rows: Cell[][]
) {
  if (format === 'xlsx')
    return sendDownload(
      response,
      `${baseName}.xlsx`,
      XLSX_CONTENT_TYPE,
      await toXlsx(header, rows, baseName)
    )
  return sendDownload(response, `${baseName}.csv`, 'text/csv; charset=utf-8', toCsv(header, rows))
}
