import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `users:list [--json]`: every user, active first, with role, organisation and one-time password state. */
export default class UsersListCommand extends BaseCommand {
  static commandName = 'users:list'
  static description = 'Listar användarna med roll, organisation och status'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Skriv resultatet som JSON' })
  declare json: boolean

  async run() {
    const { runUsersCommand } = await import('#services/users_command')
    const { listUsers } = await import('#queries/users/list_users')
    const { formatDateTime } = await import('#domain/formatting')
    await runUsersCommand(this, async () => {
      const listed = await listUsers()
      const users = listed.map((user) => ({
        email: user.email,
        name: user.fullName,
        role: user.role,
        organisation: user.organisation?.code ?? null,
        active: user.isActive,
        mustChangePassword: user.mustChangePassword,
        oneTimePasswordExpiresAt: user.mustChangePassword
          ? (user.oneTimePasswordExpiresAt?.toUTC().toISO() ?? null)
          : null,
        oneTimePasswordExpired: user.oneTimePasswordHasExpired,
        lastLoginAt: user.lastLoginAt?.toUTC().toISO() ?? null,
      }))
      if (this.json) {
        this.logger.log(JSON.stringify({ users }))
        return
      }
      if (users.length === 0) {
        this.logger.info('Det finns inga användare. Skapa den första samordnaren med users:create.')
        return
      }
      const table = this.ui.table()
      table.head(['E-postadress', 'Namn', 'Roll', 'Organisation', 'Status', 'Senast inloggad'])
      for (const user of users) {
        const status = !user.active
          ? 'inaktiverad'
          : user.oneTimePasswordExpired
            ? 'engångslösenordet har gått ut'
            : user.mustChangePassword
              ? 'engångslösenord'
              : 'aktiv'
        table.row([
          user.email,
          user.name,
          user.role,
          user.organisation ?? '–',
          status,
          user.lastLoginAt ? formatDateTime(user.lastLoginAt) : '–',
        ])
      }
      table.render()
    })
  }
}
