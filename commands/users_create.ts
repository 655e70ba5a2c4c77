import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `users:create EMAIL --role=… --name=… [--organisation=CODE] [--json]`: a user with a
 * generated one-time password, through the same action as the web form (how a real
 * installation gets its first coordinator).
 */
export default class UsersCreateCommand extends BaseCommand {
  static commandName = 'users:create'
  static description =
    'Skapar en användare med ett genererat engångslösenord (t.ex. den första samordnaren)'
  static options: CommandOptions = { startApp: true }

  // not required by ace, so that a missing address still gets the FORMATS.md error JSON
  @args.string({ description: 'E-postadress', required: false })
  declare email?: string

  @flags.string({ description: 'Roll: samordnare, controller eller telefoniansvarig' })
  declare role?: string

  @flags.string({ description: 'Namn' })
  declare name?: string

  @flags.string({
    description:
      'Organisationens kod (bara för en telefoniansvarig); flera med komma: KOD1,KOD2 (den första är hemorganisationen)',
  })
  declare organisation?: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { runUsersCommand, failUsersCommand, newUserFromCommandLine, oneTimePasswordJson } =
      await import('#services/users_command')
    const { createUser } = await import('#actions/users/save_user')
    const { formatDateTime } = await import('#domain/formatting')
    await runUsersCommand(this, async () => {
      if (!this.email)
        return failUsersCommand(this, ['Ange e-postadressen: users:create EMAIL --role=… --name=…'])
      const { email, role, name, organisation } = this
      const checked = await newUserFromCommandLine({ email, role, name, organisation })
      if (!checked.ok) return failUsersCommand(this, checked.messages)
      const result = await createUser(checked.input, null)
      if (!result.ok)
        return failUsersCommand(this, [
          `Det finns redan en användare med e-postadressen ${checked.input.email}.`,
        ])
      const { user, oneTimePassword } = result
      const expiresAt = user.oneTimePasswordExpiresAt!
      if (this.json) {
        this.logger.log(
          JSON.stringify({
            ...oneTimePasswordJson(user, checked.organisationCode, oneTimePassword, expiresAt),
            organisations: checked.organisationCodes,
          })
        )
        return
      }
      const inOrganisation = checked.organisationCodes.length
        ? `, ${checked.organisationCodes.join(', ')}`
        : ''
      this.logger.success(`Användaren ${user.email} (${user.role}${inOrganisation}) är skapad.`)
      this.logger.log(`Engångslösenord: ${oneTimePassword}`)
      this.logger.log(
        `Det gäller till ${formatDateTime(expiresAt.toJSDate())} och byts mot ett eget lösenord vid första inloggningen.`
      )
    })
  }
}
