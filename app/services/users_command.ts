/**
 * The shared parts of the `users:*` ace commands: reading a new user from the command line
 * through the web form's validator (app/validators/user.ts), the FORMATS.md output and the
 * one failure path — with `--json` `{"status": "error", "errors": [{"message"}]}` on stdout,
 * otherwise the Swedish sentences on stderr; exit code 1; never a stack trace on stdout.
 */
import type { BaseCommand } from '@adonisjs/core/ace'
import i18nManager from '@adonisjs/i18n/services/main'
import { errors } from '@vinejs/vine'
import type { DateTime } from 'luxon'
import Organisation from '#models/organisation'
import type User from '#models/user'
import { ROLES, belongsToOrganisation, type Role } from '#domain/roles'
import { createUserValidator } from '#validators/user'
import type { UserInput } from '#actions/users/save_user'

interface UsersCommand extends BaseCommand {
  json: boolean
}

export function failUsersCommand(command: UsersCommand, messages: string[]) {
  if (command.json) {
    command.logger.log(
      JSON.stringify({ status: 'error', errors: messages.map((message) => ({ message })) })
    )
  } else {
    for (const message of messages) command.logger.error(message)
  }
  command.exitCode = 1
}

/** Run a command's work; an unexpected failure becomes the error output, its stack goes to stderr. */
export async function runUsersCommand(command: UsersCommand, work: () => Promise<void>) {
  try {
    await work()
  } catch (error) {
    console.error(error)
    failUsersCommand(command, [
      `Kommandot misslyckades: ${error instanceof Error ? error.message : String(error)}`,
    ])
  }
}

/** FORMATS.md `users:create` (and `users:reset-password`): `{"email", "role", "organisation", "oneTimePassword"}`. */
export function oneTimePasswordJson(
  user: User,
  organisationCode: string | null,
  oneTimePassword: string,
  expiresAt: DateTime
) {
  return {
    email: user.email,
    role: user.role,
    organisation: organisationCode,
    oneTimePassword,
    oneTimePasswordExpiresAt: expiresAt.toUTC().toISO(),
  }
}

export async function organisationCodeOf(user: User) {
  if (user.organisationId === null) return null
  const organisation = await Organisation.find(user.organisationId)
  return organisation?.code ?? null
}

type NewUser =
  | { ok: true; input: UserInput; organisationCode: string | null; organisationCodes: string[] }
  | { ok: false; messages: string[] }

/**
 * A new user as written on the command line, checked like the web form: the role, its
 * organisation (by code, and only for a telephony contact), then the form's validator
 * (name, e-mail address, unused address) with its Swedish messages.
 */
export async function newUserFromCommandLine(options: {
  email: string
  role?: string
  name?: string
  organisation?: string
}): Promise<NewUser> {
  if (!options.role || !ROLES.includes(options.role as Role)) {
    const given = options.role ? `Okänd roll "${options.role}"` : 'Rollen saknas'
    return {
      ok: false,
      messages: [
        `${given}: ange --role=samordnare, --role=controller eller --role=telefoniansvarig.`,
      ],
    }
  }
  const role = options.role as Role
  let organisation: Organisation | null = null
  if (!belongsToOrganisation(role) && options.organisation !== undefined) {
    return {
      ok: false,
      messages: [
        `En ${role} hör inte till någon organisation; --organisation anges bara för en telefoniansvarig.`,
      ],
    }
  }
  let additional: Organisation[] = []
  if (belongsToOrganisation(role)) {
    if (!options.organisation) {
      return {
        ok: false,
        messages: ['En telefoniansvarig hör till en organisation: ange --organisation=KOD.'],
      }
    }
    // several organisations (docs/adr/0028): `--organisation=KOD1,KOD2`, the first is home
    const codes = [
      ...new Set(
        options.organisation
          .split(',')
          .map((code) => code.trim())
          .filter(Boolean)
      ),
    ]
    const found = await Organisation.query().whereIn('code', codes)
    const unknown = codes.filter((code) => !found.some((row) => row.code === code))
    if (codes.length === 0 || unknown.length > 0) {
      return {
        ok: false,
        messages: (unknown.length > 0 ? unknown : [options.organisation]).map(
          (code) => `Det finns ingen organisation med koden "${code}".`
        ),
      }
    }
    const byCode = (code: string) => found.find((row) => row.code === code)!
    organisation = byCode(codes[0])
    additional = codes.slice(1).map(byCode)
  }
  try {
    const input = await createUserValidator.validate(
      {
        fullName: options.name,
        email: options.email,
        role,
        organisationId: organisation?.id,
        additionalOrganisationIds: additional.map((row) => row.id),
      },
      { messagesProvider: i18nManager.locale('sv').createMessagesProvider() }
    )
    return {
      ok: true,
      input,
      organisationCode: organisation?.code ?? null,
      organisationCodes: organisation
        ? [organisation.code, ...additional.map((row) => row.code)]
        : [],
    }
  } catch (error) {
    if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
    return {
      ok: false,
      messages: (error.messages as { message: string }[]).map((entry) => entry.message),
    }
  }
}
