import vine from '@vinejs/vine'
import { MAX_ROW_ID } from '#domain/query_values'

/**
 * A form field naming a row by id: a whole number the database's integer column can hold,
 * checked before any `exists` query (a larger one or a fraction made PostgreSQL fail: 500).
 */
export const rowId = () => vine.number().withoutDecimals().min(1).max(MAX_ROW_ID)
