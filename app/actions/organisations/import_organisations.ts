/**
 * organisations — `Kod;Namn;Typ;Ansvar;Fakturareferens;Aktiv från;Aktiv till`
 * (optional `Ansluten från;Ansluten till;Organisationsnummer;Postadress;Postnummer;Ort;E-post faktura`), upsert by `Kod` (FORMATS.md).
 */
import Organisation from '#models/organisation'
import { lineError, rowError, type CsvRecord, type ImportMessage } from '#services/csv_reader'
import { parseDate, parseOptionalDate, parseText } from '#domain/swedish_csv'
import { runCsvImport, type CsvImporter, type ImportRequest } from '#actions/imports/run_csv_import'
import {
  upsertOrganisation,
  type OrganisationInput,
} from '#actions/organisations/save_organisation'
import { parseOrganisationCode, parseOrganisationKind } from '#domain/organisation_rules'
import { parseInvoiceEmail, parseOrganisationNumber, parsePostcode } from '#domain/company_invoice'

/** the reader's columns (also how the drop folder and the import API know the file) */
export const columns = [
  { key: 'code', header: 'Kod' },
  { key: 'name', header: 'Namn' },
  { key: 'kind', header: 'Typ' },
  { key: 'costCentre', header: 'Ansvar' },
  { key: 'invoiceReference', header: 'Fakturareferens' },
  { key: 'activeFrom', header: 'Aktiv från' },
  { key: 'activeTo', header: 'Aktiv till' },
  { key: 'connectedFrom', header: 'Ansluten från', required: false },
  { key: 'connectedTo', header: 'Ansluten till', required: false },
  { key: 'orgNumber', header: 'Organisationsnummer', required: false },
  { key: 'postalStreet', header: 'Postadress', required: false },
  { key: 'postalCode', header: 'Postnummer', required: false },
  { key: 'postalTown', header: 'Ort', required: false },
  { key: 'invoiceEmail', header: 'E-post faktura', required: false },
] as const

type Key = (typeof columns)[number]['key']
type Row = OrganisationInput & { line: number }

export function organisationsImporter(): CsvImporter<Key, Row> {
  const seen = new Map<string, number>()
  return {
    type: 'organisations',
    label: 'Organisationer',
    columns,
    parseRow({ line, values }: CsvRecord<Key>) {
      const errors: ImportMessage[] = []
      const check = <T>(
        key: Key,
        header: string,
        result: { ok: true; value: T } | { ok: false; message: string }
      ) => {
        if (result.ok) return result.value
        errors.push(rowError(line, header, values[key], result.message))
        return undefined as T
      }
      const code = check('code', 'Kod', parseOrganisationCode(values.code))
      const name = check('name', 'Namn', parseText(values.name, { max: 200, required: true }))
      const kind = check('kind', 'Typ', parseOrganisationKind(values.kind))
      const costCentre = check('costCentre', 'Ansvar', parseText(values.costCentre, { max: 50 }))
      const invoiceReference = check(
        'invoiceReference',
        'Fakturareferens',
        parseText(values.invoiceReference, { max: 200 })
      )
      const activeFrom = check('activeFrom', 'Aktiv från', parseDate(values.activeFrom))
      const activeTo = check('activeTo', 'Aktiv till', parseOptionalDate(values.activeTo))
      const connectedFrom = check(
        'connectedFrom',
        'Ansluten från',
        parseOptionalDate(values.connectedFrom)
      )
      const connectedTo = check(
        'connectedTo',
        'Ansluten till',
        parseOptionalDate(values.connectedTo)
      )
      // invoice details: an empty cell (or a missing column) leaves the stored value unchanged
      const optional = <T>(
        key: Key,
        header: string,
        parse: (raw: string) => { ok: true; value: T } | { ok: false; message: string }
      ) => {
        const raw = values[key] ?? ''
        return raw.trim() === '' ? undefined : check(key, header, parse(raw))
      }
      const orgNumber = optional('orgNumber', 'Organisationsnummer', parseOrganisationNumber)
      const postalStreet = optional('postalStreet', 'Postadress', (raw) =>
        parseText(raw, { max: 200 })
      )
      const postalCode = optional('postalCode', 'Postnummer', parsePostcode)
      const postalTown = optional('postalTown', 'Ort', (raw) => parseText(raw, { max: 100 }))
      const invoiceEmail = optional('invoiceEmail', 'E-post faktura', parseInvoiceEmail)
      if (activeFrom && activeTo && activeTo < activeFrom) {
        errors.push(
          rowError(line, 'Aktiv till', values.activeTo, `ligger före Aktiv från (${activeFrom})`)
        )
      }
      if (connectedFrom && connectedTo && connectedTo < connectedFrom) {
        errors.push(
          rowError(
            line,
            'Ansluten till',
            values.connectedTo,
            `ligger före Ansluten från (${connectedFrom})`
          )
        )
      }
      if (code) {
        const first = seen.get(code)
        if (first !== undefined) {
          errors.push(
            lineError(line, 'Kod', `Kod "${code}" finns redan på rad ${first} i samma fil`)
          )
        } else {
          seen.set(code, line)
        }
      }
      if (errors.length > 0) return { errors }
      return {
        errors,
        row: {
          line,
          code,
          name,
          kind,
          costCentre,
          invoiceReference,
          activeFrom,
          activeTo,
          connectedFrom,
          connectedTo,
          orgNumber,
          postalStreet,
          postalCode,
          postalTown,
          invoiceEmail,
        },
      }
    },
    async store(rows, trx, request) {
      const existing = await Organisation.query({ client: trx })
        .whereIn(
          'code',
          rows.map((row) => row.code)
        )
        .forUpdate()
      const byCode = new Map(existing.map((organisation) => [organisation.code, organisation]))
      let stored = 0
      let duplicates = 0
      for (const { line: _line, ...input } of rows) {
        const { outcome } = await upsertOrganisation(
          trx,
          input,
          request.userId,
          byCode.get(input.code) ?? null
        )
        if (outcome === 'unchanged') duplicates++
        else stored++
      }
      return { stored, duplicates }
    },
  }
}

export function importOrganisations(request: ImportRequest) {
  return runCsvImport(organisationsImporter(), request)
}
