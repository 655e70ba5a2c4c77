import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import { DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import Organisation from '#models/organisation'
import { oneTimePasswordExpired } from '#domain/passwords'

export type Role = 'samordnare' | 'controller' | 'telefoniansvarig'
export const ROLES: Role[] = ['samordnare', 'controller', 'telefoniansvarig']

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

export default class User extends compose(BaseModel, AuthFinder) {
  /** tokens for the JSON API (table auth_access_tokens) */
  static accessTokens = DbAccessTokensProvider.forModel(User, {
    prefix: 'vxn_',
    expiresIn: '365 days',
  })

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare email: string

  @column()
  declare fullName: string

  @column({ serializeAs: null })
  declare password: string

  @column()
  declare role: Role

  @column()
  declare organisationId: number | null

  @belongsTo(() => Organisation)
  declare organisation: BelongsTo<typeof Organisation>

  @column()
  declare isActive: boolean

  @column()
  declare mustChangePassword: boolean

  /** when the one-time password stops working (null: none, or set before expiries were kept) */
  @column.dateTime()
  declare oneTimePasswordExpiresAt: DateTime | null

  @column()
  declare locale: string

  @column.dateTime()
  declare lastLoginAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isCoordinator() {
    return this.role === 'samordnare'
  }

  get isController() {
    return this.role === 'controller'
  }

  get isContact() {
    return this.role === 'telefoniansvarig'
  }

  /** Still has the one-time password the coordinator gave, and it is older than 7 days. */
  get oneTimePasswordHasExpired() {
    const expiresAt = this.oneTimePasswordExpiresAt?.toJSDate() ?? null
    const state = {
      mustChangePassword: this.mustChangePassword,
      oneTimePasswordExpiresAt: expiresAt,
    }
    return oneTimePasswordExpired(state, new Date())
  }
}
