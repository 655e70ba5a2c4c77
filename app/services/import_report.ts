/**
 * How an import's outcome is shown on the command line: one JSON document on stdout with
 * `--json` (FORMATS.md, field names fixed), otherwise readable Swedish text.
 */
import type { ImportResult } from '#actions/imports/run_csv_import'

export function importJson(result: ImportResult) {
  const { importId, ...fields } = result
  return { ...fields, importId }
}

export function importText(result: ImportResult) {
  const lines: string[] = []
  const verdict = {
    imported: 'Inläst',
    partial: 'Delvis inläst (rader med fel sparades inte)',
    unchanged: 'Oförändrad – filen är redan inläst',
    rejected: 'Avvisad – ingenting sparades',
  }[result.status]
  lines.push(`${result.file}: ${verdict}`)
  lines.push(
    `  lästa rader: ${result.read}, sparade: ${result.stored}, dubbletter/oförändrade: ${result.duplicates}, avvisade: ${result.rejected}`
  )
  for (const warning of result.warnings.slice(0, 50)) lines.push(`  varning: ${warning}`)
  if (result.warnings.length > 50)
    lines.push(`  … och ${result.warnings.length - 50} varningar till`)
  for (const error of result.errors.slice(0, 200)) lines.push(`  fel: ${error.message}`)
  if (result.errors.length > 200) lines.push(`  … och ${result.errors.length - 200} fel till`)
  lines.push(`  import nr ${result.importId}, kontrollsumma ${result.checksum || '–'}`)
  return lines.join('\n')
}

/** Exit code: a rejected file fails the command. */
export function importExitCode(result: ImportResult) {
  return result.status === 'rejected' ? 1 : 0
}
