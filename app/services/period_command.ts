/**
 * The shared failure of the period commands (`allocation:run`, `allocation:approve`,
 * `invoices:issue`, `finance:export`, `quality:report`): with `--json` FORMATS.md's
 * `{ period, status: "error", errors }`, otherwise the Swedish message; exit code 1.
 */
import type { BaseCommand } from '@adonisjs/core/ace'
import { isPeriod } from '#domain/periods'

interface PeriodCommand extends BaseCommand {
  period: string
  json: boolean
}

export function failPeriodCommand(command: PeriodCommand, message: string, extra: object = {}) {
  if (command.json) command.logger.log(JSON.stringify({ period: command.period, status: 'error', ...extra, errors: [message] }))
  else command.logger.error(message)
  command.exitCode = 1
}

/** True when the period is written ÅÅÅÅ-MM; otherwise the command fails with that message. */
export function checkPeriod(command: PeriodCommand) {
  if (isPeriod(command.period)) return true
  failPeriodCommand(command, `Perioden ska skrivas ÅÅÅÅ-MM (fick "${command.period}").`)
  return false
}
