import vine from '@vinejs/vine'
import { noControlCharacters } from '#validators/plain_text'
import { parseOrganisationCode } from '#domain/organisation_rules'
import { parseInvoiceEmail, parseOrganisationNumber, parsePostcode } from '#domain/company_invoice'

/** A–Z, 0–9 and `-` only, in capitals (the rule of the CSV import, app/domain/organisation_rules.ts). */
const organisationCode = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const parsed = parseOrganisationCode(value)
  if (!parsed.ok)
    field.report(`Kod ${parsed.message}`, 'organisationCodeFormat', field, {
      reason: parsed.message,
    })
  else field.mutate(parsed.value, field)
})

/** A rule from app/domain/company_invoice.ts: the normalised value, or its Swedish refusal. */
function parsedBy(
  parse: (raw: string) => { ok: true; value: string } | { ok: false; message: string },
  label: string,
  ruleName: string
) {
  return vine.createRule((value, _options, field) => {
    if (typeof value !== 'string') return
    const parsed = parse(value)
    if (!parsed.ok) field.report(`${label} ${parsed.message}`, ruleName, field)
    else field.mutate(parsed.value, field)
  })()
}

const date = () => vine.date({ formats: ['YYYY-MM-DD'] })

/** Create/edit form of an organisation; the same rules as the CSV import. */
export const organisationValidator = vine.withMetaData<{ organisationId?: number }>().create({
  code: vine
    .string()
    .use(noControlCharacters())
    .trim()
    .use(organisationCode())
    .unique(async (db, value, field) => {
      const row = await db
        .from('organisations')
        .where('code', value)
        .whereNot('id', field.meta.organisationId ?? 0)
        .first()
      return !row
    }),
  name: vine.string().trim().maxLength(200).use(noControlCharacters()),
  kind: vine.enum(['forvaltning', 'bolag']),
  costCentre: vine.string().trim().maxLength(50).use(noControlCharacters()).optional(),
  invoiceReference: vine.string().trim().maxLength(200).use(noControlCharacters()).optional(),
  activeFrom: date(),
  activeTo: date().afterOrSameAs('activeFrom').optional(),
  connectedFrom: date().optional(),
  connectedTo: date().optional(),
  orgNumber: vine
    .string()
    .trim()
    .maxLength(20)
    .use(parsedBy(parseOrganisationNumber, 'Organisationsnumret', 'organisationNumber'))
    .optional(),
  postalStreet: vine.string().trim().maxLength(200).use(noControlCharacters()).optional(),
  postalCode: vine
    .string()
    .trim()
    .maxLength(10)
    .use(parsedBy(parsePostcode, 'Postnumret', 'postcode'))
    .optional(),
  postalTown: vine.string().trim().maxLength(100).use(noControlCharacters()).optional(),
  invoiceEmail: vine
    .string()
    .trim()
    .maxLength(254)
    .use(parsedBy(parseInvoiceEmail, 'E-postadressen för fakturor', 'invoiceEmail'))
    .optional(),
})

export const organisationFilterValidator = vine.create({
  q: vine.string().trim().maxLength(100).optional(),
  kind: vine.enum(['forvaltning', 'bolag']).optional(),
  status: vine.enum(['active', 'inactive', 'all']).optional(),
  page: vine.number().min(1).optional(),
})
