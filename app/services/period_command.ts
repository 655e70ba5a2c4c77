/**
 * The one home of the period commands' shared parts (`allocation:run`,
 * `allocation:approve`, `invoices:issue`, `invoices:correct`, `finance:export`,
 * `quality:report`): every command that takes ÅÅÅÅ-MM checks it here, with the same
 * refusal (`periodCommand.badPeriod`). The failure: with `--json` FORMATS.md's
 * `{ "status": "error", "errors": [{ "message" }] }` (with the period, and what else the
 * step knows), otherwise the Swedish message; exit code 1.
 */
import type { BaseCommand } from '@adonisjs/core/ace'
import { isPeriod } from '#domain/periods'
import { periodWithinBounds } from '#domain/date_ranges'
import { inDefaultLanguage, message } from '#services/messages'
import type { StoredMessage } from '#domain/coded_message'

interface PeriodCommand extends BaseCommand {
  period?: string
  json: boolean
}

/** `messages`: texts, or the codes an action refused with (said in the default language). */
export function failPeriodCommand(
  command: PeriodCommand,
  messages: StoredMessage | StoredMessage[]
) {
  const list = (Array.isArray(messages) ? messages : [messages]).map(inDefaultLanguage)
  if (command.json) {
    command.logger.log(
      JSON.stringify({
        ...(command.period ? { period: command.period } : {}),
        status: 'error',
        errors: list.map((text) => ({ message: text })),
      })
    )
  } else {
    command.logger.error(list.join('\n'))
  }
  command.exitCode = 1
}

/**
 * The refusal of a period not written ÅÅÅÅ-MM or outside the years any date may have
 * (1970–2199, `periodWithinBounds`), or null when it is a period to work on.
 */
export function periodRefusal(period: string) {
  if (!isPeriod(period)) return message('periodCommand.badPeriod', { period })
  return periodWithinBounds(period) ? null : message('periodCommand.periodOutOfBounds', { period })
}

/** True when the period is written ÅÅÅÅ-MM; otherwise the command fails with the refusal. */
export function checkPeriod(command: PeriodCommand & { period: string }) {
  const refusal = periodRefusal(command.period)
  if (refusal === null) return true
  failPeriodCommand(command, refusal)
  return false
}
