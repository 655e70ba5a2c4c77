import vine from '@vinejs/vine'
import { isoDayOf } from '#domain/periods'
import { uploadedFile } from '#validators/uploaded_file'

/** The longest file name an import keeps (`imports.file_name`). */
export const MAX_FILE_NAME_LENGTH = 255

/** A file name the import register can keep: a longer one is refused, not a 500. */
const keptFileName = vine.createRule((value, _options, field) => {
  if (!field.isValid) return
  const name = (value as { clientName?: string } | undefined)?.clientName ?? ''
  if ([...name].length > MAX_FILE_NAME_LENGTH)
    field.report('', 'file.nameLength', field, { max: MAX_FILE_NAME_LENGTH })
})

function csvUpload(size: string) {
  return vine.create({
    file: uploadedFile({ size, extnames: ['csv', 'txt', 'tsv'] }).use(keptFileName()),
    partial: vine.boolean().optional(),
  })
}

/** An uploaded CSV file (the same rules for every import page), at most the call records' size. */
export const csvUploadValidator = csvUpload('200mb')

const byLimit = new Map<string, typeof csvUploadValidator>([['200mb', csvUploadValidator]])

/**
 * An uploaded CSV file of a kind whose limit is `size` (`IMPORT_KINDS[kind].uploadLimit`):
 * a refusal of the file names that limit, not the call records' (attack pass 2026-12-03).
 */
export function csvUploadValidatorFor(size: string) {
  let validator = byLimit.get(size)
  if (!validator) {
    validator = csvUpload(size)
    byLimit.set(size, validator)
  }
  return validator
}

/** Options of an extensions snapshot upload. */
export const snapshotOptionsValidator = vine.create({
  asOf: vine.date({ formats: ['YYYY-MM-DD'] }).transform(isoDayOf),
  organisationCode: vine
    .string()
    .trim()
    .exists({ table: 'organisations', column: 'code' })
    .optional(),
  /** the upload page: end the missing extensions even when they are many (snapshot_guard) */
  confirmEnding: vine.boolean().optional(),
})
