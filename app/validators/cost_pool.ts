import vine from '@vinejs/vine'
import { parseOre } from '#domain/swedish_csv'
import { noControlCharacters } from '#validators/plain_text'

/** Kronor typed the Swedish way (`150 000,00`) → öre, as the CSV imports read them. */
const kronor = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string' || value.trim() === '') return
  const parsed = parseOre(value)
  if (!parsed.ok)
    field.report(`Beloppet ${parsed.message}`, 'kronor', field, { reason: parsed.message })
  else field.mutate(parsed.value.toString(), field)
})

export const costPoolValidator = vine.withMetaData<{ poolId?: number }>().create({
  code: vine
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9_]{2,20}$/)
    .unique(
      async (db, value, field) =>
        !(await db
          .from('cost_pools')
          .where('code', value)
          .whereNot('id', field.meta.poolId ?? 0)
          .first())
    ),
  name: vine.string().trim().minLength(2).maxLength(200).use(noControlCharacters()),
  basis: vine.enum(['extensions', 'headcount']),
  participantKinds: vine
    .array(vine.enum(['forvaltning', 'bolag']))
    .minLength(1)
    .parse((value) =>
      Array.isArray(value) || value === undefined || value === null ? value : [value]
    ),
  amountSource: vine.enum(['supplier_invoices', 'cost_entries', 'fixed']),
  fixedMonthlyKronor: vine
    .string()
    .trim()
    .use(kronor())
    .optional()
    .requiredWhen('amountSource', '=', 'fixed'),
  switchboard: vine.boolean().optional(),
  isActive: vine.boolean().optional(),
  keyYear: vine.number().min(2000).max(2100).optional(),
  keyDate: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  keyMonth: vine
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
})
