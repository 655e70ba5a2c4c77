/**
 * A supplier's file that did not come through the upload page — from the drop folder or
 * the import API — read by the same code as an upload (`IMPORT_KINDS[kind].run`, the call
 * import for call records): all-or-nothing (never `partial`), idempotent (a file already
 * read is "unchanged"), recorded in `imports` whatever the outcome.
 */
import { IMPORT_KINDS } from '#actions/imports/import_kinds'
import type { ImportResult } from '#actions/imports/run_csv_import'
import { importCallsHere } from '#actions/calls/queue_call_import'
import type { DropKind } from '#domain/drop_folder'

export interface SupplierFile {
  kind: DropKind
  filePath: string
  fileName: string
  userId: number | null
  /** an extensions snapshot's date (YYYY-MM-DD), and the one organisation it is limited to */
  asOf?: string
  organisationCode?: string | null
}

export async function importSupplierFile(file: SupplierFile): Promise<ImportResult> {
  const request = {
    filePath: file.filePath,
    fileName: file.fileName,
    userId: file.userId,
    partial: false,
  }
  if (file.kind === 'calls') return importCallsHere(request)
  return IMPORT_KINDS[file.kind].run(request, {
    asOf: file.asOf,
    organisationCode: file.organisationCode,
    // nobody sees the consequence: a snapshot that would end much of the register is refused
    guardEnding: 'unattended',
  })
}
