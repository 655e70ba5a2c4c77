/**
 * Files the database points at (issued PDFs, meeting minutes, uploads waiting for their
 * job), written so that a crash or a rolled-back transaction can never leave a row
 * pointing at a wrong file (docs/adr/0013):
 *
 * - every write goes to a name no other writer uses (the document's name and a random
 *   part), created exclusively and durably (app/services/storage.ts: on the local disk
 *   flushed with its folder, in S3 a finished PUT) before the transaction that records it
 *   commits — so a committed row always finds its complete file, and a stale or frozen
 *   process cannot overwrite a file another run committed;
 * - a transaction that fails removes what it wrote (`StoredFiles.discard`); what a killed
 *   process leaves behind is removed by `removeOrphanFiles` once no transaction that
 *   could still commit it is open;
 * - a file whose checksum fails or that is missing is an alert, not "try again later".
 */
import { createHash, randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import logger from '@adonisjs/core/services/logger'
import { storage } from '#services/storage'
import { inDefaultLanguage } from '#services/messages'
import { coded, type CodedMessage } from '#domain/coded_message'
import StoredFileException from '#exceptions/stored_file_exception'

/** Writing to the storage failed: where, and the system's reason (ENOSPC, EACCES …). */
export class StorageError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    cause: unknown
  ) {
    super(`cannot write ${path} (${code})`, { cause })
  }

  /** What happened and what to do, as a code the reader's language words. */
  get refusal(): CodedMessage {
    const reason =
      this.code === 'ENOSPC' || this.code === 'EDQUOT' || this.code === 'QuotaExceeded'
        ? 'full'
        : this.code === 'EACCES' || this.code === 'EPERM' || this.code === 'AccessDenied'
          ? 'denied'
          : this.code === 'EROFS'
            ? 'readOnly'
            : this.code === 'ENOTDIR' || this.code === 'EEXIST'
              ? 'notFolder'
              : 'other'
    return coded(`storage.${reason}`, { path: this.path, code: this.code })
  }

  /** What happened and what to do, in Swedish (logs, commands, stored texts). */
  get userMessage() {
    return inDefaultLanguage(this.refusal)
  }
}

function storageError(path: string, error: unknown) {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
  const failure = new StorageError((error as NodeJS.ErrnoException).path ?? path, code, error)
  logger.error(
    { err: error, path: failure.path, code },
    `storage: cannot write ${failure.path} (${code}); nothing was recorded`
  )
  return failure
}

/**
 * Write `content` under `folder` with a name no other writer uses (`<name>.<random>.<ext>`),
 * created exclusively and durably. Returns the path relative to the storage.
 */
export async function writeStoredFile(
  folder: string,
  name: string,
  extension: string,
  content: Buffer,
  options: { folderLater?: boolean } = {}
) {
  const relativePath = join(folder, `${name}.${randomBytes(6).toString('hex')}.${extension}`)
  const backend = storage()
  try {
    await backend.createNew(relativePath, content, options)
  } catch (error) {
    throw storageError(dirname(backend.locate(relativePath)), error)
  }
  return { path: relativePath, sha256: createHash('sha256').update(content).digest('hex') }
}

/** Remove stored files (relative paths); one that is already gone is fine. */
export async function removeStoredFiles(paths: Iterable<string>) {
  const backend = storage()
  for (const path of paths) {
    await backend.remove(path).catch((error) => {
      logger.warn({ err: error, path }, 'storage: could not remove a file')
    })
  }
}

/** The files one transaction writes: kept when it commits, removed when it fails. */
export class StoredFiles {
  readonly written: string[] = []

  async write(folder: string, name: string, extension: string, content: Buffer) {
    const file = await writeStoredFile(folder, name, extension, content)
    this.written.push(file.path)
    return file
  }

  /**
   * Write many files into one folder as they come (a month's invoice PDFs while the next
   * ones render): a few at a time, each durable, their folder flushed once at the end.
   * Every write has settled before this returns or throws, so `discard` finds them all.
   */
  async writeMany(
    folder: string,
    extension: string,
    contents: AsyncIterable<{ name: string; content: Buffer }>,
    parallel = 8
  ) {
    const results: Promise<{ path: string; sha256: string }>[] = []
    const inFlight = new Set<Promise<unknown>>()
    let failed = false
    try {
      for await (const { name, content } of contents) {
        const written = writeStoredFile(folder, name, extension, content, {
          folderLater: true,
        }).then((file) => {
          this.written.push(file.path)
          return file
        })
        results.push(written)
        const settled = written.then(
          () => {},
          () => {
            failed = true
          }
        )
        inFlight.add(settled)
        void settled.then(() => inFlight.delete(settled))
        if (inFlight.size >= parallel) await Promise.race(inFlight)
        if (failed) break
      }
    } finally {
      await Promise.allSettled(results)
    }
    const files = await Promise.all(results)
    if (files.length > 0) {
      try {
        await storage().flushFolder(folder)
      } catch (error) {
        throw storageError(storage().locate(folder), error)
      }
    }
    return files
  }

  async discard() {
    await removeStoredFiles(this.written.splice(0))
  }
}

/**
 * Run `work` in a transaction; the files it writes through `files` are removed when it
 * fails. When the COMMIT itself fails its outcome is unknown: the files stay, and
 * `removeOrphanFiles` removes them later if nothing committed points at them.
 */
export async function transactionWithFiles<T>(
  work: (trx: TransactionClientContract, files: StoredFiles) => Promise<T>
) {
  const files = new StoredFiles()
  const trx = await db.transaction()
  let result: T
  try {
    result = await work(trx, files)
  } catch (error) {
    await trx.rollback().catch(() => {})
    await files.discard()
    throw error
  }
  await trx.commit()
  return result
}

/** A stored file's content, refused (409 damaged, 410 missing) if it no longer matches its checksum. */
export async function readVerified(
  relativePath: string | null,
  sha256: string | null,
  document: { name: string; damagedMessage: string }
) {
  if (!relativePath || !sha256)
    throw new StoredFileException('missing', String(relativePath), document)
  const backend = storage()
  const content = await backend.read(relativePath)
  if (!content) throw new StoredFileException('missing', backend.locate(relativePath), document)
  if (createHash('sha256').update(content).digest('hex') !== sha256) {
    throw new StoredFileException('damaged', backend.locate(relativePath), document)
  }
  return content
}

/** Files younger than this are never taken for orphans (clocks of app and database may differ). */
const ORPHAN_MARGIN_MS = 10 * 60_000

/**
 * Remove files under `folder` that no row points at (`referenced` answers which of the
 * given paths are) and that no transaction still open could commit: only files older
 * than the oldest open transaction, with a margin. Returns the removed paths.
 */
export async function removeOrphanFiles(
  folder: string,
  referenced: (paths: string[]) => Promise<Set<string>>
) {
  const files = await storage().list(folder)
  if (files.length === 0) return []
  const { rows } = await db.rawQuery(
    `SELECT least(now(), (SELECT min(xact_start) FROM pg_stat_activity
                           WHERE datname = current_database() AND xact_start IS NOT NULL
                             AND pid <> pg_backend_pid())) AS horizon`
  )
  const horizon = new Date(rows[0].horizon).getTime() - ORPHAN_MARGIN_MS
  const candidates = files
    .filter((file) => file.modified.getTime() < horizon)
    .map((file) => file.path)
  if (candidates.length === 0) return []
  const kept = await referenced(candidates)
  const orphans = candidates.filter((path) => !kept.has(path))
  await removeStoredFiles(orphans)
  if (orphans.length > 0)
    logger.info({ folder, count: orphans.length }, 'storage: removed files no row points at')
  return orphans
}
