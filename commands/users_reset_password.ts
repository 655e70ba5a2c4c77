import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `users:reset-password EMAIL [--json]`: a new generated one-time password (7 days); the user's sessions end. */
export default class UsersResetPasswordCommand extends BaseCommand {
  static commandName = 'users:reset-password'
  static description =
    'Ger en användare ett nytt genererat engångslösenord och avslutar hens inloggningar'
  static options: CommandOptions = { startApp: true }

  // not required by ace, so that a missing address still gets the FORMATS.md error JSON
  @args.string({ description: 'E-postadress', required: false })
  declare email?: string

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { runUsersCommand, failUsersCommand, oneTimePasswordJson, organisationCodeOf } =
      await import('#services/users_command')
    const { issueOneTimePassword } = await import('#actions/users/save_user')
    const { formatDateTime } = await import('#domain/formatting')
    const { default: User } = await import('#models/user')
    await runUsersCommand(this, async () => {
      if (!this.email)
        return failUsersCommand(this, ['Ange e-postadressen: users:reset-password EMAIL'])
      const email = this.email.trim().toLowerCase()
      const user = await User.findBy('email', email)
      if (!user)
        return failUsersCommand(this, [`Det finns ingen användare med e-postadressen ${email}.`])
      const { oneTimePassword, expiresAt } = await issueOneTimePassword(user, null)
      const organisation = await organisationCodeOf(user)
      if (this.json) {
        this.logger.log(
          JSON.stringify(oneTimePasswordJson(user, organisation, oneTimePassword, expiresAt))
        )
        return
      }
      this.logger.success(
        `Nytt engångslösenord för ${user.email}${user.isActive ? '' : ' (inaktiverad användare)'}.`
      )
      this.logger.log(`Engångslösenord: ${oneTimePassword}`)
      this.logger.log(
        `Det gäller till ${formatDateTime(expiresAt.toJSDate())} och byts mot ett eget lösenord vid nästa inloggning.`
      )
    })
  }
}
