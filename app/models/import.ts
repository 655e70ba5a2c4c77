import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import type { ImportMessage } from '#services/csv_reader'
import type { StoredMessage } from '#domain/coded_message'

/** jsonb columns: arrays must be sent as JSON, not as PostgreSQL arrays */
const toJson = (value: unknown) => JSON.stringify(value)

export type ImportStatus = 'running' | 'imported' | 'partial' | 'unchanged' | 'rejected' | 'failed'

/** The record of one imported file (see FORMATS.md "Common CSV rules"). */
export default class Import extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare type: string

  @column()
  declare fileName: string

  @column()
  declare checksum: string

  @column()
  declare idempotencyKey: string

  @column()
  declare status: ImportStatus

  @column()
  declare userId: number | null

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  @column()
  declare encoding: string | null

  /** how the file came (migration 0250): upload, drop, api, command; null before it */
  @column()
  declare source: 'upload' | 'drop' | 'api' | 'command' | null

  /** the API key's name, for a file through the import API */
  @column()
  declare sourceName: string | null

  @column({ prepare: toJson })
  declare options: Record<string, unknown>

  @column()
  declare readCount: number

  @column()
  declare storedCount: number

  @column()
  declare duplicateCount: number

  @column()
  declare rejectedCount: number

  @column({ prepare: toJson })
  /** texts, or codes worded per reader (docs/adr/0023) */
  declare warnings: StoredMessage[]

  @column({ prepare: toJson })
  declare errors: ImportMessage[]

  /** progress of a long import (call records): bytes of the file and rows read so far */
  @column()
  declare totalBytes: number | null

  @column()
  declare processedBytes: number

  @column()
  declare processedRows: number

  /** where an uploaded file waits for its background job */
  @column()
  declare storedFile: string | null

  @column.dateTime()
  declare createdAt: DateTime

  @column.dateTime()
  declare finishedAt: DateTime | null
}
