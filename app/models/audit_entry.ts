import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

export type AuditChanges = Record<string, { from: unknown; to: unknown }>

/** One line of the audit log. Written by app/services/audit.ts, never updated. */
export default class AuditEntry extends BaseModel {
  static table = 'audit_log'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number | null

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  @column()
  declare action: string

  @column()
  declare entityType: string

  @column()
  declare entityId: string | null

  @column()
  declare summary: string

  @column()
  declare changes: AuditChanges

  @column.dateTime()
  declare createdAt: DateTime
}
