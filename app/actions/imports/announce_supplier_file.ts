/**
 * The one place that tells the coordinators a supplier's file arrived by itself — from the
 * drop folder or through the import API (docs/adr/0028 §2) — and records how it came on
 * its import: the notification kind `supplier_files`, imported, unchanged or rejected,
 * linking to the import (or the import list).
 */
import db from '@adonisjs/lucid/services/db'
import { notify } from '#actions/notifications/notify'
import { activeUsersOfRole } from '#queries/notifications/recipients'
import { paths } from '#domain/paths'
import type { MessageKey } from '#domain/notifications'

export type SupplierFileWay = { via: 'drop'; folder: string } | { via: 'api'; key: string }

export interface SupplierFileOutcome {
  fileName: string
  outcome: 'imported' | 'rejected' | 'queued'
  unchanged?: boolean
  importId: number | null
}

const KEYS: Record<SupplierFileWay['via'], Record<string, MessageKey>> = {
  drop: {
    imported: 'dropFileProcessed',
    unchanged: 'dropFileUnchanged',
    rejected: 'dropFileRejected',
    queued: 'dropFileProcessed',
  },
  api: {
    imported: 'apiFileProcessed',
    unchanged: 'apiFileUnchanged',
    rejected: 'apiFileRejected',
    queued: 'apiFileQueued',
  },
}

/** How an import came (the import history says so), recorded as soon as it is read. */
export async function recordImportSource(importId: number, way: SupplierFileWay) {
  await db
    .from('imports')
    .where('id', importId)
    .update({ source: way.via, source_name: way.via === 'api' ? way.key.slice(0, 255) : null })
}

export async function announceSupplierFile(file: SupplierFileOutcome, way: SupplierFileWay) {
  if (file.importId) await recordImportSource(file.importId, way)
  const state = file.outcome === 'imported' && file.unchanged ? 'unchanged' : file.outcome
  const params: Record<string, string> =
    way.via === 'api'
      ? { file: file.fileName, key: way.key }
      : { file: file.fileName, folder: way.folder }
  await notify(await activeUsersOfRole('samordnare'), 'supplier_files', {
    key: KEYS[way.via][state],
    params,
    url: file.importId ? paths.importRecord(file.importId) : paths.imports(),
  })
}

/** What is wrong with the drop folder: a subfolder that is a link or a file, or is missing. */
export interface DropFolderProblem {
  reason: 'link' | 'file' | 'missing' | 'unwritable'
  subfolder: string
}

/** The drop folder cannot be used (`problem`), or works again (null): told to the coordinators. */
export async function announceDropFolderProblem(problem: DropFolderProblem | null) {
  await notify(await activeUsersOfRole('samordnare'), 'supplier_files', {
    key: problem ? 'dropFolderBroken' : 'dropFolderMended',
    params: problem ? { reason: problem.reason, subfolder: problem.subfolder } : {},
    url: paths.imports(),
  })
}
