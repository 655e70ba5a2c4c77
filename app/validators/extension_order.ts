import vine from '@vinejs/vine'
import { rowId } from '#validators/row_id'
import { isoDayOf } from '#domain/periods'
import { parsePhoneNumber } from '#domain/swedish_csv'
import { EXTENSION_ORDER_KINDS, ORDER_LIMITS } from '#domain/extension_orders'
import { MAX_ROW_ID } from '#domain/query_values'
import { noControlCharacters, noControlCharactersInText } from '#validators/plain_text'
import { uploadedFile } from '#validators/uploaded_file'
import { singleWholeNumber } from '#validators/row_id'

/** The same test the CSV upload makes: a number the register can hold, or a refusal. */
const phoneNumber = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && !parsePhoneNumber(value).ok) {
    field.report('{{ field }} är inte ett telefonnummer', 'phoneNumber', field)
  }
})

/** An extension number as people write it (`08-508 123 45`), stored as its digits. */
const extensionNumber = () =>
  vine
    .string()
    .trim()
    .maxLength(30)
    .regex(/^(\+46)?[\d\s\-()/.]{1,29}$/)
    .use(phoneNumber())
    .transform((value) => {
      const parsed = parsePhoneNumber(value)
      return parsed.ok ? parsed.value : value
    })

const wishedDate = () => vine.date({ formats: ['YYYY-MM-DD'] }).transform(isoDayOf)

/** One order from the form; the register checks are the action's. */
export const extensionOrderValidator = vine.create({
  kind: vine.enum(EXTENSION_ORDER_KINDS),
  number: extensionNumber(),
  name: vine
    .string()
    .trim()
    .maxLength(ORDER_LIMITS.name)
    .use(noControlCharacters())
    .optional()
    .requiredWhen('kind', '=', 'new'),
  type: vine.string().trim().maxLength(ORDER_LIMITS.type).use(noControlCharacters()).optional(),
  targetOrganisationId: vine
    .number()
    .parse(singleWholeNumber)
    .withoutDecimals()
    .min(1)
    .max(MAX_ROW_ID)
    .optional()
    .requiredWhen('kind', '=', 'move'),
  wishedDate: wishedDate(),
  note: vine.string().trim().maxLength(ORDER_LIMITS.note).use(noControlCharacters()).optional(),
})

/** A CSV of orders (small: at most ORDER_LIMITS.csvRows rows). */
export const extensionOrderUploadValidator = vine.create({
  file: uploadedFile({ size: '1mb', extnames: ['csv', 'txt'] }),
})

/**
 * Removal orders for extensions picked from the list of unused ones; the coordinator names
 * the organisation they order for (a contact's is the one they act for).
 */
export const removalOrdersValidator = vine.create({
  organisationId: rowId().optional(),
  numbers: vine
    .array(
      vine
        .string()
        .trim()
        .regex(/^\d{1,20}$/)
    )
    .minLength(1)
    .maxLength(ORDER_LIMITS.csvRows),
  wishedDate: wishedDate(),
})

/** Approve / reject / withdraw, with a comment (required to reject: the action says so). */
export const orderDecisionValidator = vine.create({
  decision: vine.enum(['approve', 'reject', 'cancel'] as const),
  comment: vine
    .string()
    .trim()
    .maxLength(ORDER_LIMITS.comment)
    .use(noControlCharactersInText())
    .optional(),
})

export const orderCompletionValidator = vine.create({
  performedOn: vine.date({ formats: ['YYYY-MM-DD'] }).transform(isoDayOf),
})

/**
 * The approved orders listed on the page, comma-separated ids (at most one supplier file's
 * worth, ORDER_LIMITS.csvRows): the ones the coordinator downloads and then marks sent.
 */
const orderIdList = () =>
  vine
    .string()
    // the query string parser splits `?orderIds=1,2` into a list: joined back here
    .parse((value) =>
      Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? value.join(',')
        : value
    )
    .trim()
    .regex(new RegExp(`^[1-9]\\d{0,9}(,[1-9]\\d{0,9}){0,${ORDER_LIMITS.csvRows - 1}}$`))
    // an id no integer column holds names no order: left out (PostgreSQL would fail on it)
    .transform((value) => [
      ...new Set(
        value
          .split(',')
          .map(Number)
          .filter((id) => id <= MAX_ROW_ID)
      ),
    ])

export const markSentValidator = vine.create({ orderIds: orderIdList() })

/** The supplier file: of the listed orders, or (no list) of the approved orders. */
export const supplierFileValidator = vine.create({ orderIds: orderIdList().optional() })
