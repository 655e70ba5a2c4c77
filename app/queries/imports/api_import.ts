/** An import as the import API shows it (FORMATS.md's import fields), to the key that made it. */
import Import from '#models/import'
import { renderMessages } from '#domain/coded_message'
import { message } from '#services/messages'

export async function findApiImport(id: number, userId: number) {
  if (!Number.isSafeInteger(id)) return null
  const record = await Import.query().where('id', id).where('user_id', userId).first()
  if (!record) return null
  return {
    importId: Number(record.id),
    file: record.fileName,
    checksum: record.checksum,
    status: record.status,
    read: record.readCount,
    stored: record.storedCount,
    duplicates: record.duplicateCount,
    rejected: record.rejectedCount,
    // stored warnings may be codes (docs/adr/0023): worded in Swedish, as the POST answered
    warnings: renderMessages(record.warnings, message),
    errors: record.errors,
  }
}
