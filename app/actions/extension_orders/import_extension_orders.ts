/**
 * Many extension orders from one CSV (docs/adr/0026):
 * `Åtgärd;Anknytning;Namn;Typ;Till organisation;Önskat datum;Kommentar`, read by the one
 * CSV reader (app/services/csv_reader.ts: encoding, delimiter, header names, line numbers),
 * every field limited and refused in Swedish per line as the other imports do, at most
 * ORDER_LIMITS.csvRows rows. All or nothing: with any refused line nothing is ordered.
 */
import {
  CsvFileError,
  inspectFile,
  lineError,
  openCsv,
  rowError,
  type ImportMessage,
} from '#services/csv_reader'
import db from '@adonisjs/lucid/services/db'
import { organisationsByCode } from '#services/organisation_lookup'
import { parseDate, parsePhoneNumber, parseText } from '#domain/swedish_csv'
import { kindFromCsv, ORDER_LIMITS } from '#domain/extension_orders'
import {
  orderRefusals,
  placeExtensionOrders,
  type ExtensionOrderInput,
  type OrderRefusal,
} from '#actions/extension_orders/place_extension_orders'

export const ORDER_CSV_COLUMNS = [
  { key: 'kind', header: 'Åtgärd' },
  { key: 'number', header: 'Anknytning' },
  { key: 'name', header: 'Namn', required: false },
  { key: 'type', header: 'Typ', required: false },
  { key: 'target', header: 'Till organisation', required: false },
  { key: 'wishedDate', header: 'Önskat datum' },
  { key: 'note', header: 'Kommentar', required: false },
] as const

export type OrderCsvResult =
  { ok: true; ids: number[] } | { ok: false; messages: ImportMessage[]; refusals: OrderRefusal[] }

export async function importExtensionOrders(
  filePath: string,
  orderedBy: { id: number; organisationId: number }
): Promise<OrderCsvResult> {
  const messages: ImportMessage[] = []
  const inputs: ExtensionOrderInput[] = []
  const organisations = await organisationsByCode()
  try {
    const info = await inspectFile(filePath)
    const csv = await openCsv(filePath, ORDER_CSV_COLUMNS, info)
    let read = 0
    for await (const record of csv.records) {
      read++
      if (read > ORDER_LIMITS.csvRows) {
        messages.push(
          lineError(
            record.line,
            null,
            `filen har fler än ${ORDER_LIMITS.csvRows} beställningar – dela upp den i flera filer`
          )
        )
        break
      }
      if (record.error) {
        messages.push(record.error)
        continue
      }
      const { line, values } = record
      const before = messages.length
      const kind = kindFromCsv(values.kind)
      if (!kind)
        messages.push(
          rowError(line, 'Åtgärd', values.kind, 'ska vara Ny, Flytt, Ändring eller Borttag')
        )
      const number = parsePhoneNumber(values.number)
      if (!number.ok) messages.push(rowError(line, 'Anknytning', values.number, number.message))
      const name = parseText(values.name ?? '', { max: ORDER_LIMITS.name })
      if (!name.ok) messages.push(rowError(line, 'Namn', values.name, name.message))
      else if (kind === 'new' && name.value === '')
        messages.push(rowError(line, 'Namn', '', 'saknas (en ny anknytning behöver ett namn)'))
      const type = parseText(values.type ?? '', { max: ORDER_LIMITS.type })
      if (!type.ok) messages.push(rowError(line, 'Typ', values.type, type.message))
      const targetCode = (values.target ?? '').trim()
      const target = targetCode ? organisations.get(targetCode) : undefined
      if (kind === 'move' && !targetCode)
        messages.push(rowError(line, 'Till organisation', '', 'saknas (en flytt behöver den)'))
      else if (targetCode && !target)
        messages.push(
          rowError(line, 'Till organisation', values.target, 'finns inte i organisationsregistret')
        )
      const date = parseDate(values.wishedDate)
      if (!date.ok) messages.push(rowError(line, 'Önskat datum', values.wishedDate, date.message))
      const note = parseText(values.note ?? '', { max: ORDER_LIMITS.note })
      if (!note.ok) messages.push(rowError(line, 'Kommentar', values.note, note.message))
      if (messages.length > before || !kind || !number.ok || !date.ok) continue
      inputs.push({
        line,
        kind,
        number: number.value,
        name: name.ok ? name.value || null : null,
        type: type.ok ? type.value || null : null,
        targetOrganisationId: target?.id ?? null,
        wishedDate: date.value,
        note: note.ok ? note.value : '',
      })
    }
    if (read === 0)
      messages.push({ line: null, column: null, message: 'Filen innehåller bara rubrikraden.' })
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error
    messages.push(error.toMessage())
  }
  // rows that could be read are checked against the register too, so the file is refused
  // with every row to correct at once, not one kind of error per attempt
  if (messages.length > 0)
    return {
      ok: false,
      messages,
      refusals: await orderRefusals(db.connection(), orderedBy.organisationId, inputs),
    }
  const placed = await placeExtensionOrders(inputs, orderedBy, 'csv')
  return placed.ok ? placed : { ok: false, messages: [], refusals: placed.errors }
}
