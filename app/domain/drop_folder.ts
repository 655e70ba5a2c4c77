/**
 * Supplier files that arrive by themselves (issue 16, point 9; docs/adr/0028 §2): the pure
 * rules of the drop folder — which import a file is (by its header row), which names are
 * taken at all, when a file has stopped growing, and when a reminder is due.
 */
import { isIsoDate, monthOf, previousMonth } from '#domain/periods'
import { matchHeaderColumns } from '#domain/swedish_csv'

/** The imports a file in the drop folder (or the import API) may be. */
export const DROP_KINDS = [
  'calls',
  'supplier_invoice',
  'extensions',
  'headcount',
  'organisations',
] as const
export type DropKind = (typeof DROP_KINDS)[number]

export function isDropKind(value: unknown): value is DropKind {
  return typeof value === 'string' && (DROP_KINDS as readonly string[]).includes(value)
}

/** What an API key may do: read (the read-only JSON API) or deliver import files. */
export const API_SCOPES = ['read', 'import'] as const
export type ApiScope = (typeof API_SCOPES)[number]

/** The subfolders of the drop folder: done, refused, and files being read right now. */
export const PROCESSED_DIR = 'behandlade'
export const REJECTED_DIR = 'avvisade'
export const CLAIMED_DIR = '.pagaende'

/** A kind's columns as its reader declares them (`required: false`: an optional column). */
export type KindColumns = readonly { key: string; header: string; required?: boolean }[]

/**
 * Which import a file is, by the names of its header row: the one kind whose reader would
 * take the row — every required column present (any order, case, å/ä/ö accents), only
 * that kind's own columns besides (its optional ones; empty names such as Excel's trailing
 * `;;` are nothing) — or null when none is (or, never with today's kinds, several are).
 * Stricter than the reader on one point: a column no kind knows makes the file no kind,
 * for a file that nobody chose the kind of.
 */
export function recogniseHeader(
  names: readonly string[],
  columns: Record<DropKind, KindColumns>
): DropKind | null {
  const fits = DROP_KINDS.filter((kind) => {
    const { missing, unknown } = matchHeaderColumns(names, columns[kind])
    return missing.length === 0 && unknown.length === 0
  })
  return fits.length === 1 ? fits[0] : null
}

/**
 * Files the worker leaves alone: hidden files and the usual names of a transfer in
 * progress (`.part`, `.tmp`, `.filepart`, `~`), which the SFTP client renames when done.
 */
export function isIgnoredName(name: string) {
  return name.startsWith('.') || /(\.part|\.tmp|\.filepart|\.partial|~)$/i.test(name)
}

/** The longest safe name in bytes: with the time in front and `.rapport.txt` behind, a
 * name stays well under the file systems' 255 bytes. */
export const SAFE_NAME_BYTES = 150

/**
 * A name that is safe to write beside (the report) and to show: no path separators, no
 * control characters, at most `SAFE_NAME_BYTES` bytes (its end kept: the extension);
 * anything else becomes `_`.
 */
export function safeFileName(name: string) {
  const chars = [...name].map((char) => (/[\p{L}\p{N}._ -]/u.test(char) ? char : '_'))
  const encoder = new TextEncoder()
  while (chars.length > 0 && encoder.encode(chars.join('')).length > SAFE_NAME_BYTES) chars.shift()
  const cleaned = chars.join('').replace(/^\.+/, '_')
  return cleaned.length > 0 ? cleaned : 'fil'
}

export interface FileSighting {
  size: number
  mtimeMs: number
}

/**
 * A file is taken only once it has stopped being written: the same size and modification
 * time at two polls in a row (and not empty-and-new: an empty file is also left for one poll).
 */
export function isStable(previous: FileSighting | undefined, current: FileSighting) {
  return (
    previous !== undefined && previous.size === current.size && previous.mtimeMs === current.mtimeMs
  )
}

/** An extensions snapshot's date: a `YYYY-MM-DD` in the file's name, else today. */
export function snapshotDateFromName(name: string, today: string) {
  const match = /(\d{4}-\d{2}-\d{2})/.exec(name)
  return match && isIsoDate(match[1]) ? match[1] : today
}

/** `'20mb'` → bytes (the upload limits of app/actions/imports/import_kinds.ts). */
export function limitBytes(limit: string) {
  const match = /^(\d+)\s*(kb|mb|gb)?$/i.exec(limit.trim())
  if (!match) throw new Error(`not a size: ${limit}`)
  const unit = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[
    (match[2] ?? '').toLowerCase() as 'kb' | 'mb' | 'gb'
  ]
  return Number(match[1]) * (unit ?? 1)
}

/** The supplier files whose absence is reminded of. */
export const REMINDED_KINDS = ['calls', 'supplier_invoice'] as const
export type RemindedKind = (typeof REMINDED_KINDS)[number]

/**
 * The period a reminder is about today: last month, once today is on or after the
 * configured day of the month; null before that day.
 */
export function reminderPeriod(today: string, day: number) {
  return Number(today.slice(8, 10)) >= day ? previousMonth(monthOf(today)) : null
}
