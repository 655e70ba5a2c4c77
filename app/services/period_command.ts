/**
 * The shared failure of the period commands (`allocation:run`, `allocation:approve`,
 * `invoices:issue`, `finance:export`, `quality:report`): with `--json` FORMATS.md's
 * `{ "status": "error", "errors": [{ "message" }] }` (with the period, and what else the
 * step knows), otherwise the Swedish message; exit code 1.
 */
import type { BaseCommand } from '@adonisjs/core/ace'
import { isPeriod } from '#domain/periods'

interface PeriodCommand extends BaseCommand {
  period: string
  json: boolean
}

export function failPeriodCommand(command: PeriodCommand, messages: string | string[]) {
  const list = Array.isArray(messages) ? messages : [messages]
  if (command.json) {
    command.logger.log(
      JSON.stringify({
        ...(command.period ? { period: command.period } : {}),
        status: 'error',
        errors: list.map((message) => ({ message })),
      })
    )
  } else {
    command.logger.error(list.join('\n'))
  }
  command.exitCode = 1
}

/** True when the period is written ÅÅÅÅ-MM; otherwise the command fails with that message. */
export function checkPeriod(command: PeriodCommand) {
  if (isPeriod(command.period)) return true
  failPeriodCommand(command, `Perioden ska skrivas ÅÅÅÅ-MM (fick "${command.period}").`)
  return false
}
