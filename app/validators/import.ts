import vine from '@vinejs/vine'

/** An uploaded CSV file (the same rules for every import page). */
export const csvUploadValidator = vine.create({
  file: vine.file({ size: '200mb', extnames: ['csv', 'txt', 'tsv'] }),
  partial: vine.boolean().optional(),
})

/** Options of an extensions snapshot upload. */
export const snapshotOptionsValidator = vine.create({
  asOf: vine.date({ formats: ['YYYY-MM-DD'] }).transform((value) => {
    const pad = (n: number) => String(n).padStart(2, '0')
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
  }),
  organisationCode: vine
    .string()
    .trim()
    .exists({ table: 'organisations', column: 'code' })
    .optional(),
})
