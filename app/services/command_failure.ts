/**
 * FORMATS.md: a `--json` command prints one JSON document on stdout and nothing else
 * there — on a failure `{"status": "error", "errors": [{"message"}]}` and exit code 1,
 * whatever failed (the command, the database, the arguments, an uncaught error), never a
 * stack trace. The details go to stderr for whoever runs it.
 *
 * No AdonisJS imports at load time: bin/console.ts uses this before the app boots.
 */
let printed = false

/** The text a reader gets: the app's translation once it is up, else the error's own words. */
async function failureText(error: unknown) {
  const argument = await argumentErrorText(error).catch(() => null)
  if (argument) return argument
  const detail = error instanceof Error ? error.message : String(error)
  try {
    const { default: i18nManager } = await import('@adonisjs/i18n/services/main')
    if (i18nManager)
      return i18nManager.locale(i18nManager.defaultLocale).t('commands.failed', { message: detail })
  } catch {
    // the app did not boot far enough for translations
  }
  return detail
}

/** ace's argument errors whose text a reader gets in the app's language (commands.json). */
const ARGUMENT_ERRORS: Record<string, string> = {
  E_MISSING_ARG: 'commands.missingArgument',
  E_MISSING_ARG_VALUE: 'commands.missingArgument',
  E_MISSING_FLAG: 'commands.missingFlag',
  E_MISSING_FLAG_VALUE: 'commands.missingFlagValue',
  E_UNKNOWN_FLAG: 'commands.unknownFlag',
  E_INVALID_FLAG: 'commands.invalidFlag',
}

/**
 * A missing required argument in the app's language ('Argumentet "year" saknas'), for every
 * command at once; null for any other error.
 */
export async function argumentErrorText(error: unknown) {
  const key = ARGUMENT_ERRORS[(error as { code?: string } | null)?.code ?? '']
  if (!key) return null
  // ace names a flag without its dashes ("from"), except an unknown one ("--frm")
  const named = /"([^"]+)"/.exec((error as Error).message)?.[1] ?? ''
  const name = key.endsWith('Argument') || named.startsWith('-') ? named : `--${named}`
  const { default: i18nManager } = await import('@adonisjs/i18n/services/main')
  return i18nManager.locale(i18nManager.defaultLocale).t(key, { name })
}

/** Print the error JSON (once per process) and set exit code 1. */
export async function failAsJson(error: unknown) {
  process.exitCode = 1
  if (printed) return
  printed = true
  process.stdout.write(
    `${JSON.stringify({ status: 'error', errors: [{ message: await failureText(error) }] })}\n`
  )
  console.error(await stderrDetail(error))
}

/**
 * What stderr gets beside the error JSON: for a mistyped command line its Swedish line (a
 * stack trace of ace's parser helps no one), for anything else the error itself.
 */
export async function stderrDetail(error: unknown) {
  return (await argumentErrorText(error).catch(() => null)) ?? error
}

/** For the ace kernel: errors of a command (or of its arguments) become the error JSON. */
export const jsonErrorHandler = {
  async render(error: unknown) {
    await failAsJson(error)
  },
}

type AceErrorHandler = { render(error: unknown, kernel: never): Promise<unknown> }

/**
 * For the ace kernel without --json: an argument error is one line in the app's language
 * on stderr; any other error goes to ace's own handler.
 */
export function argumentErrorHandler(fallback: AceErrorHandler) {
  return {
    async render(error: unknown, kernel: { ui: { logger: { logError(text: string): void } } }) {
      const text = await argumentErrorText(error)
      if (text) return kernel.ui.logger.logError(text)
      return fallback.render(error, kernel as never)
    },
  }
}

/** Uncaught errors and rejections end the process the same way. */
export function failUncaughtAsJson() {
  const end = (error: unknown) => void failAsJson(error).finally(() => process.exit(1))
  process.on('uncaughtException', end)
  process.on('unhandledRejection', end)
}

/**
 * An expected refusal of a command that is not about one period or one file: with
 * `--json` the same error JSON, otherwise the Swedish sentences on stderr; exit code 1.
 */
export function failCommand(
  command: {
    json?: boolean
    exitCode?: number
    logger: { log(message: string): void; error(message: string): void }
  },
  messages: string[]
) {
  if (command.json)
    command.logger.log(
      JSON.stringify({ status: 'error', errors: messages.map((message) => ({ message })) })
    )
  else for (const message of messages) command.logger.error(message)
  command.exitCode = 1
}
