/**
 * Spreadsheets that open right (issue 15, docs/adr/0020): every table download is also an
 * `.xlsx`, written here from the same header and rows as its CSV (app/services/csv_writer.ts).
 * The cells are typed so that Excel shows them as the page does:
 *
 * - `asText(…)` (extension and entry numbers, codes, periods, hours like `07`): a text cell,
 *   formatted `@`, so no leading zero is lost;
 * - a number or bigint, or a plain string written the Swedish way (`1234,56`, `-12,00`,
 *   `85,3`): a number (two decimals when the text has two: kronor);
 * - an ISO date (`2026-10-31`) or a Stockholm date and time (`2026-10-31 14:05`): a date;
 * - anything else: text. A string is never a formula in xlsx (no CSV injection to guard).
 *
 * A bold, frozen header row, column widths from the longest value, an auto filter.
 */
import ExcelJS from 'exceljs'
import { TextCell, type Cell } from '#services/csv_writer'

const SWEDISH_NUMBER = /^-?\d+(,\d+)?$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/

interface Typed {
  value: string | number | Date | null
  numFmt?: string
  width: number
}

function dateOf(text: string): Typed | null {
  const day = ISO_DATE.exec(text)
  if (day) {
    const [, y, m, d] = day.map(Number)
    // a calendar date: midnight UTC is the date itself in Excel's serial numbers
    return { value: new Date(Date.UTC(y, m - 1, d)), numFmt: 'yyyy-mm-dd', width: 10 }
  }
  const time = DATE_TIME.exec(text)
  if (time) {
    const [, y, m, d, h, min] = time.map(Number)
    // the Stockholm wall-clock time as written (Excel has no time zones)
    return { value: new Date(Date.UTC(y, m - 1, d, h, min)), numFmt: 'yyyy-mm-dd hh:mm', width: 16 }
  }
  return null
}

/** How a cell goes into the sheet. Exported for the tests of each rule. */
export function typedCell(cell: Cell): Typed {
  if (cell === null || cell === undefined || cell === '') return { value: null, width: 0 }
  if (cell instanceof TextCell) {
    const date = dateOf(cell.value)
    return date ?? { value: cell.value, numFmt: '@', width: cell.value.length }
  }
  if (typeof cell === 'bigint')
    return { value: Number(cell), numFmt: '0', width: String(cell).length }
  if (typeof cell === 'number')
    return {
      value: cell,
      numFmt: Number.isInteger(cell) ? '0' : undefined,
      width: String(cell).length,
    }
  const date = dateOf(cell)
  if (date) return date
  if (SWEDISH_NUMBER.test(cell)) {
    const decimals = cell.includes(',') ? cell.split(',')[1].length : 0
    return {
      value: Number(cell.replace(',', '.')),
      numFmt: decimals === 0 ? '0' : `#,##0.${'0'.repeat(decimals)}`,
      width: cell.length + 2,
    }
  }
  return { value: cell, width: cell.length }
}

/** The xlsx file of a table: one sheet named `sheetName`, the header row first. */
export async function toXlsx(header: string[], rows: Cell[][], sheetName = 'Blad1') {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Växelnavet'
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, '_'), {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  const widths = header.map((title) => title.length)
  const headerRow = sheet.addRow(header)
  headerRow.font = { bold: true }
  for (const row of rows) {
    const typed = row.map(typedCell)
    const added = sheet.addRow(typed.map((cell) => cell.value))
    typed.forEach((cell, index) => {
      if (cell.numFmt) added.getCell(index + 1).numFmt = cell.numFmt
      widths[index] = Math.max(widths[index] ?? 0, cell.width)
    })
  }
  widths.forEach((width, index) => {
    sheet.getColumn(index + 1).width = Math.min(60, Math.max(8, width + 2))
  })
  if (header.length > 0)
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
