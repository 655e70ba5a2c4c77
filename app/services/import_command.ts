/**
 * The shared body of every `import:*` ace command: check the file exists, run the
 * import, print JSON or Swedish text, set the exit code.
 */
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { BaseCommand } from '@adonisjs/core/ace'
import type { ImportResult } from '#actions/imports/run_csv_import'
import { importExitCode, importJson, importText } from '#services/import_report'

interface ImportCommand extends BaseCommand {
  file: string
  json: boolean
}

/** A command that cannot start (missing file, bad option): the error, exit code 1. */
export function failCommand(command: ImportCommand, message: string) {
  if (command.json) {
    command.logger.log(
      JSON.stringify({
        file: command.file,
        status: 'rejected',
        errors: [{ line: null, column: null, message }],
      })
    )
  } else {
    command.logger.error(message)
  }
  command.exitCode = 1
}

export async function runImportCommand(
  command: ImportCommand,
  run: (filePath: string) => Promise<ImportResult>
) {
  const filePath = resolve(command.file)
  if (!existsSync(filePath)) return failCommand(command, `Filen ${command.file} finns inte.`)
  // a folder failed with EISDIR and its stack; a device or a pipe could be read forever
  if (!statSync(filePath).isFile())
    return failCommand(command, `${command.file} är ingen vanlig fil.`)
  const result = await run(filePath)
  if (command.json) {
    command.logger.log(JSON.stringify(importJson(result)))
  } else if (result.status === 'rejected') {
    command.logger.error(importText(result))
  } else {
    command.logger.info(importText(result))
  }
  command.exitCode = importExitCode(result)
}
