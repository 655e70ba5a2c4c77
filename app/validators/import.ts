import vine from '@vinejs/vine'

/** An uploaded CSV file (the same rules for every import page). */
export const csvUploadValidator = vine.create({
  file: vine.file({ size: '200mb', extnames: ['csv', 'txt', 'tsv'] }),
  partial: vine.boolean().optional(),
})
