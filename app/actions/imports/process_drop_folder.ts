/**
 * The drop folder (issue 16, point 9; docs/adr/0028 §2). At each poll the worker:
 *
 * 1. looks at the regular files directly in the folder (hidden files and transfer names
 *    such as `.part` are left alone) and takes only those whose size and modification
 *    time are the same as at the previous poll — a file still being written is not taken;
 * 2. claims a file by renaming it into `.pagaende/` (atomic: of two instances polling the
 *    same folder, one rename succeeds, the other finds the file gone and skips it);
 * 3. refuses what is not a regular file (a symbolic link is moved, never followed), what is
 *    larger than the upload's limit, and a header row that is no known import;
 * 4. reads the rest by the same code as an upload (`importSupplierFile`): all-or-nothing,
 *    and a file that was read before is "unchanged" — the same file twice imports once;
 * 5. moves it to `behandlade/` or `avvisade/` under a safe name with the time in front, and
 *    writes the report beside it (`….rapport.txt`); records it in `drop_files` and tells
 *    the coordinators, either way.
 *
 * A claim left behind by an instance that died (older than `STALE_CLAIM_MS`) is put back
 * into the folder and read again (safe: the import is idempotent).
 */
import { randomUUID } from 'node:crypto'
import { lstat, open, readdir, rename, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { DEFAULT_UPLOAD_LIMIT, IMPORT_KINDS } from '#actions/imports/import_kinds'
import type { ImportResult } from '#actions/imports/run_csv_import'
import { importSupplierFile } from '#actions/imports/import_supplier_file'
import { announceSupplierFile, recordImportSource } from '#actions/imports/announce_supplier_file'
import { folderProblem, tellProblem } from '#actions/imports/drop_folder_problem'
import { importText } from '#services/import_report'
import { clock } from '#services/clock'
import { todayInStockholm } from '#domain/periods'
import {
  CLAIMED_DIR,
  DROP_KINDS,
  PROCESSED_DIR,
  REJECTED_DIR,
  isIgnoredName,
  isStable,
  limitBytes,
  recogniseHeader,
  safeFileName,
  snapshotDateFromName,
  type DropKind,
  type FileSighting,
  type KindColumns,
} from '#domain/drop_folder'
import { detectDelimiter, splitHeader } from '#services/csv_reader'

const DROP_WAY = { via: 'drop' as const, folder: PROCESSED_DIR }

/** A claim older than this whose instance is gone is put back into the folder. */
export const STALE_CLAIM_MS = 2 * 60 * 60_000

/** A file whose reading fails unexpectedly is tried this many times, then refused. */
export const MAX_ATTEMPTS = 3
const failures = new Map<string, number>()

/** What each poll remembers of the previous one (per instance). */
export type DropFolderState = Map<string, FileSighting>

export interface DropOutcome {
  fileName: string
  outcome: 'processed' | 'rejected'
  kind: DropKind | null
  importId: number | null
  movedTo: string
  report: string
  /** a file read before: imported nothing ("unchanged"), told as such */
  unchanged?: boolean
}

/** Each drop kind's columns, as its reader declares them (loaded once). */
let kindColumns: Promise<Record<DropKind, KindColumns>> | null = null
function columnsOfKinds() {
  kindColumns ??= Promise.all(
    DROP_KINDS.map((kind) => IMPORT_KINDS[kind].columns!().then((list) => [kind, list] as const))
  ).then((entries) => Object.fromEntries(entries) as Record<DropKind, KindColumns>)
  return kindColumns
}

/** The largest file any drop kind takes (a larger one is refused before it is read). */
const LARGEST = Math.max(
  ...DROP_KINDS.map((kind) => limitBytes(IMPORT_KINDS[kind].uploadLimit ?? DEFAULT_UPLOAD_LIMIT))
)

function limitOf(kind: DropKind) {
  return IMPORT_KINDS[kind].uploadLimit ?? DEFAULT_UPLOAD_LIMIT
}

/** The first line of a file (at most 4 KB), as UTF-8, or Windows-1252 when it is not. */
async function firstLine(path: string) {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(4096)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    const bytes = buffer.subarray(0, bytesRead)
    let text = new TextDecoder('utf-8').decode(bytes)
    if (text.includes('\uFFFD')) text = new TextDecoder('windows-1252').decode(bytes)
    return text.split('\n')[0] ?? ''
  } finally {
    await handle.close()
  }
}

/**
 * Which import a file on disk is, by its header row (the drop folder's rule, also used by
 * the import API before it answers), or null when the header row is no known import.
 */
export async function recogniseFileKind(path: string): Promise<DropKind | null> {
  const first = await firstLine(path)
  const line = first.replace(/^\uFEFF/, '').replace(/\r$/, '')
  const delimiter = detectDelimiter(line)
  if (!delimiter) return null
  return recogniseHeader(splitHeader(line, delimiter), await columnsOfKinds())
}

/** `YYYYMMDD-HHMMSS` in Stockholm local time, the time the reports and the pages show. */
function stamp(now: Date) {
  return DateTime.fromJSDate(now, { zone: 'Europe/Stockholm' }).toFormat('yyyyMMdd-HHmmss')
}

/** Move a claimed file to `behandlade/` or `avvisade/` and write its report beside it. */
async function settle(
  folder: string,
  claimed: string,
  name: string,
  rejected: boolean,
  report: string
) {
  const dir = rejected ? REJECTED_DIR : PROCESSED_DIR
  const base = `${stamp(clock.now())}-${safeFileName(name)}`
  let target = join(dir, base)
  for (let n = 2; await exists(join(folder, target)); n++) target = join(dir, `${base}.${n}`)
  await rename(claimed, join(folder, target))
  await writeFile(join(folder, `${target}.rapport.txt`), `${report}\n`, { flag: 'wx' })
  return target
}

async function exists(path: string) {
  return lstat(path).then(
    () => true,
    () => false
  )
}

function refusalReport(name: string, reason: string) {
  return [`${name}: Avvisad – ingenting lästes in`, `  fel: ${reason}`].join('\n')
}

/** Read one claimed file and say what became of it (nothing is thrown for a bad file). */
async function readClaimed(
  claimed: string,
  name: string,
  sighting: FileSighting,
  isRegular: boolean
): Promise<{ kind: DropKind | null; result: ImportResult | null; refusal: string | null }> {
  if (!isRegular) {
    return {
      kind: null,
      result: null,
      refusal: 'Det är inte en vanlig fil (t.ex. en länk); den lästes inte.',
    }
  }
  if (sighting.size === 0) {
    return { kind: null, result: null, refusal: 'Filen är tom (0 byte); det finns inget att läsa.' }
  }
  if (sighting.size > LARGEST) {
    return { kind: null, result: null, refusal: tooLarge(limitOf('calls')) }
  }
  const kind = await recogniseFileKind(claimed)
  if (!kind) {
    return {
      kind: null,
      result: null,
      refusal:
        'Rubrikraden känns inte igen: filen är varken samtalsposter, leverantörsfaktura, anknytningar, antal anställda eller organisationer (se FORMATS.md).',
    }
  }
  if (sighting.size > limitBytes(limitOf(kind))) {
    return { kind, result: null, refusal: tooLarge(limitOf(kind)) }
  }
  const result = await importSupplierFile({
    kind,
    filePath: claimed,
    fileName: name,
    userId: null,
    asOf: kind === 'extensions' ? snapshotDateFromName(name, todayInStockholm()) : undefined,
  })
  // its true source at once, whatever becomes of the move
  if (result.importId) await recordImportSource(result.importId, DROP_WAY)
  return { kind, result, refusal: null }
}

function tooLarge(limit: string) {
  return `Filen är större än gränsen för den här sortens fil (${limit.toUpperCase().replace(/^(\d+)/, '$1 ')}).`
}

/**
 * A name that is not UTF-8 (a Windows SFTP client writes Latin-1: `leverant\xf6rsfaktura.csv`)
 * cannot be opened by the name `readdir` decodes (its bytes become U+FFFD): such a file is
 * renamed to its Latin-1 reading, which the same poll then sees like any other file.
 */
async function renameUndecodableNames(folder: string) {
  for (const raw of await readdir(folder, { encoding: 'buffer' })) {
    if (Buffer.from(raw.toString('utf8'), 'utf8').equals(raw)) continue
    const readable = raw.toString('latin1')
    if (await exists(join(folder, readable))) continue
    const path = Buffer.concat([Buffer.from(`${folder}/`), raw])
    await rename(path, join(folder, readable)).catch((error) =>
      logger.warn({ err: error, file: readable }, 'drop folder: a name could not be made readable')
    )
  }
}

/** Take and read one file of the folder, if this instance wins it. */
async function takeFile(folder: string, name: string, sighting: FileSighting, isRegular: boolean) {
  const claimed = join(folder, CLAIMED_DIR, `${randomUUID()}__${safeFileName(name)}`)
  try {
    await rename(join(folder, name), claimed)
  } catch (error) {
    // another instance took it first (or the supplier removed it)
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  const shown = safeFileName(name)
  let read: Awaited<ReturnType<typeof readClaimed>>
  try {
    read = await readClaimed(claimed, shown, sighting, isRegular)
  } catch (error) {
    logger.error({ err: error, file: name }, 'drop folder: the import failed')
    const key = `${name}|${sighting.size}|${sighting.mtimeMs}`
    const attempts = (failures.get(key) ?? 0) + 1
    if (attempts < MAX_ATTEMPTS) {
      // a passing failure (the database away for a moment): back into the folder, tried
      // again at a later poll (never over a new file of the same name)
      failures.set(key, attempts)
      if (!(await exists(join(folder, name)))) {
        await rename(claimed, join(folder, name)).catch(() => {})
      }
      return null
    }
    failures.delete(key)
    read = {
      kind: null,
      result: null,
      refusal: `Ett oväntat fel inträffade när filen lästes, ${MAX_ATTEMPTS} gånger; ingenting sparades. Lägg filen i mappen igen.`,
    }
  }
  const rejected = read.refusal !== null || read.result?.status === 'rejected'
  const report = read.result ? importText(read.result) : refusalReport(shown, read.refusal!)
  // a move that fails (the folder changed under us, a full disk) still leaves a record and
  // a notice; the file stays in `.pagaende/`, and is read again ("unchanged") after STALE_CLAIM_MS
  const movedTo = await settle(folder, claimed, name, rejected, report).catch((error) => {
    logger.error({ err: error, file: name }, 'drop folder: the file could not be moved')
    return join(CLAIMED_DIR, basename(claimed))
  })
  const outcome: DropOutcome = {
    fileName: shown,
    outcome: rejected ? 'rejected' : 'processed',
    kind: read.kind,
    importId: read.result?.importId ?? null,
    movedTo,
    report,
    unchanged: read.result?.status === 'unchanged',
  }
  await record(outcome, sighting.size)
  return outcome
}

async function record(outcome: DropOutcome, size: number) {
  await db.table('drop_files').insert({
    file_name: outcome.fileName,
    kind: outcome.kind,
    outcome: outcome.outcome,
    size_bytes: size,
    import_id: outcome.importId,
    moved_to: outcome.movedTo,
    report: outcome.report,
  })
  await notifyCoordinators(outcome)
}

export async function notifyCoordinators(
  outcome: Pick<DropOutcome, 'fileName' | 'outcome' | 'importId' | 'movedTo' | 'unchanged'>
) {
  await announceSupplierFile(
    {
      fileName: outcome.fileName,
      outcome: outcome.outcome === 'rejected' ? 'rejected' : 'imported',
      unchanged: outcome.unchanged,
      importId: outcome.importId,
    },
    { via: 'drop', folder: outcome.movedTo.split('/')[0] }
  )
}

/** Claims older than `STALE_CLAIM_MS` (their instance died) go back into the folder. */
async function returnStaleClaims(folder: string, now: number) {
  for (const entry of await readdir(join(folder, CLAIMED_DIR))) {
    const path = join(folder, CLAIMED_DIR, entry)
    // the rename that claimed it set its change time
    const info = await lstat(path).catch(() => null)
    if (!info || now - info.ctimeMs < STALE_CLAIM_MS) continue
    const original = join(folder, entry.replace(/^[0-9a-f-]{36}__/, ''))
    // never over a file of the same name that came in since
    if (!(await exists(original))) await rename(path, original).catch(() => {})
  }
}

/**
 * One poll of the drop folder: take every file that has stopped growing since the previous
 * poll (`state`, kept by the caller between polls). Returns what became of each file taken.
 */
export async function pollDropFolder(
  folder: string,
  state: DropFolderState
): Promise<DropOutcome[]> {
  const problem = await folderProblem(folder)
  await tellProblem(folder, problem)
  // a broken folder takes no file: nothing imported that could not then be moved
  if (problem) return []
  await returnStaleClaims(folder, Date.now())
  await renameUndecodableNames(folder)
  const seen = new Map<string, FileSighting>()
  const candidates: { name: string; sighting: FileSighting; isRegular: boolean }[] = []
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.isDirectory() || isIgnoredName(entry.name)) continue
    const info = await lstat(join(folder, entry.name)).catch(() => null)
    if (!info) continue
    const sighting = { size: info.size, mtimeMs: info.mtimeMs }
    seen.set(entry.name, sighting)
    if (isStable(state.get(entry.name), sighting)) {
      candidates.push({ name: entry.name, sighting, isRegular: info.isFile() })
    }
  }
  state.clear()
  for (const [name, sighting] of seen) state.set(name, sighting)

  const outcomes: DropOutcome[] = []
  for (const candidate of candidates) {
    const outcome = await takeFile(
      folder,
      candidate.name,
      candidate.sighting,
      candidate.isRegular
    ).catch((error) => {
      // one file's trouble (a full disk, the database away) does not stop the others
      logger.error({ err: error, file: candidate.name }, 'drop folder: a file could not be taken')
      return null
    })
    if (outcome) {
      state.delete(candidate.name)
      outcomes.push(outcome)
    }
  }
  return outcomes
}
