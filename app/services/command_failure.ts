/**
 * How a command that is not about one period or one file fails (FORMATS.md): with
 * `--json`, `{"status": "error", "errors": [{"message"}]}` on stdout; otherwise the
 * Swedish sentences on stderr. Exit code 1 either way.
 */
import type { BaseCommand } from '@adonisjs/core/ace'

export function failCommand(command: BaseCommand & { json?: boolean }, messages: string[]) {
  if (command.json) command.logger.log(JSON.stringify({ status: 'error', errors: messages.map((message) => ({ message })) }))
  else for (const message of messages) command.logger.error(message)
  command.exitCode = 1
}

/** Run the body; an unexpected failure becomes the same error output, never a stack trace on stdout. */
export async function runCommand(command: BaseCommand & { json?: boolean }, body: () => Promise<void>) {
  try {
    await body()
  } catch (error) {
    failCommand(command, [(error as Error).message])
  }
}
