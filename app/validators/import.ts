import vine from '@vinejs/vine'
import { isoDayOf } from '#domain/periods'

/** An uploaded CSV file (the same rules for every import page). */
export const csvUploadValidator = vine.create({
  file: vine.file({ size: '200mb', extnames: ['csv', 'txt', 'tsv'] }),
  partial: vine.boolean().optional(),
})

/** Options of an extensions snapshot upload. */
export const snapshotOptionsValidator = vine.create({
  asOf: vine.date({ formats: ['YYYY-MM-DD'] }).transform(isoDayOf),
  organisationCode: vine
    .string()
    .trim()
    .exists({ table: 'organisations', column: 'code' })
    .optional(),
})
