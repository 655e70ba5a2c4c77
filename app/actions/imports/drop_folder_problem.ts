/**
 * Whether the drop folder can be used at all (docs/adr/0028 §2): the folder and its
 * subfolders as they must be, and the coordinators told once per installation when that
 * changes. The poll (process_drop_folder.ts) takes no file while there is a problem.
 */
import { lstat, mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import {
  announceDropFolderProblem,
  type DropFolderProblem,
} from '#actions/imports/announce_supplier_file'
import { CLAIMED_DIR, PROCESSED_DIR, REJECTED_DIR } from '#domain/drop_folder'

/**
 * What keeps the folder from being used, or null: the folder itself missing, or one of its
 * subfolders a link (a move would leave the folder, or fail after the import) or a file.
 * A missing subfolder is made.
 */
export async function folderProblem(folder: string): Promise<DropFolderProblem | null> {
  if (!(await isFolder(folder))) return { reason: 'missing', subfolder: folder }
  for (const subfolder of [PROCESSED_DIR, REJECTED_DIR, CLAIMED_DIR]) {
    const info = await lstat(join(folder, subfolder)).catch(() => null)
    if (info?.isSymbolicLink()) return { reason: 'link', subfolder }
    if (info && !info.isDirectory()) return { reason: 'file', subfolder }
    if (!info) {
      const made = await mkdir(join(folder, subfolder)).then(
        () => true,
        (error) => {
          logger.error({ err: error, folder, subfolder }, 'drop folder: a subfolder cannot be made')
          return false
        }
      )
      if (!made) return { reason: 'unwritable', subfolder }
    }
  }
  return null
}

/**
 * Tell the coordinators when the folder breaks and when it works again — once for the
 * installation, not once per instance: what was told is kept in `app_state`
 * (`drop_folder_problem`), and only the instance whose statement changes it tells.
 */
export async function tellProblem(folder: string, problem: DropFolderProblem | null) {
  const now = problem ? `${problem.reason}|${problem.subfolder}` : null
  const { rows } = now
    ? await db.rawQuery(
        `INSERT INTO app_state (key, value) VALUES ('drop_folder_problem', ?)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
          WHERE app_state.value IS DISTINCT FROM EXCLUDED.value
         RETURNING key`,
        [now]
      )
    : await db.rawQuery(`DELETE FROM app_state WHERE key = 'drop_folder_problem' RETURNING key`)
  if (rows.length === 0) return
  if (problem)
    logger.warn({ folder, ...problem }, 'drop folder: the folder cannot be used; no file is read')
  else logger.info({ folder }, 'drop folder: the folder works again')
  await announceDropFolderProblem(problem)
}

/** Whether the folder exists and is a folder (the worker says so once when it is not). */
export async function isFolder(path: string) {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false
  )
}
