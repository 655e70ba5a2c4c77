import vine from '@vinejs/vine'
import { isBucketBoundary, LAST_BOUNDARY } from '#domain/wait_buckets'
import { isoDayOf } from '#domain/periods'

/** A share typed as a percentage with up to two decimals (`85`, `2,5`), as a fraction. */
const percent = () =>
  vine
    .string()
    .trim()
    .regex(/^\d{1,3}([,.]\d{1,2})?$/)
    .transform((value) => Number(value.replace(',', '.')) / 100)

/** The target must be a wait-bucket boundary (app/domain/wait_buckets.ts). */
const waitBucketBoundary = vine.createRule((value, _options, field) => {
  if (!isBucketBoundary(Number(value)))
    field.report('{{ field }}: waitBucketBoundary', 'waitBucketBoundary', field)
})

/** A new set of the contract's quality targets from a date. */
export const qualityTargetValidator = vine.create({
  validFrom: vine.date({ formats: ['YYYY-MM-DD'] }).transform(isoDayOf),
  targetSeconds: vine
    .number()
    .withoutDecimals()
    .min(1)
    .max(LAST_BOUNDARY)
    .use(waitBucketBoundary()),
  shortAbandonSeconds: vine.number().withoutDecimals().min(0).max(11),
  serviceLevelTarget: percent(),
  abandonRateTarget: percent(),
  note: vine.string().trim().maxLength(500).optional(),
})
