/**
 * A telephony contact orders changes to their own organisation's extensions: one from the
 * form, many from a CSV, or removals from the list of unused extensions. All or nothing:
 * one refused row refuses the lot, each refusal a code with its line (the controller words
 * it). Checked against the register as of the wished date: a new number must be free, a
 * move, change or removal must concern an extension of the contact's own organisation —
 * another organisation's number is refused exactly like one that does not exist.
 */
import { label } from '#services/labels'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { validOnSql } from '#queries/validity'
import { recordAudit } from '#services/audit'
import { noticeOrdersPlaced } from '#actions/extension_orders/order_notices'
import { clock } from '#services/clock'
import { addDays } from '#domain/periods'
import { ORDER_LIMITS, PENDING_STATUSES, type ExtensionOrderKind } from '#domain/extension_orders'

export interface ExtensionOrderInput {
  /** the CSV line (1 for the form) */
  line: number
  kind: ExtensionOrderKind
  number: string
  name?: string | null
  type?: string | null
  targetOrganisationId?: number | null
  wishedDate: string
  note?: string | null
}

export type OrderRefusalCode =
  | 'numberTaken'
  | 'notOwnExtension'
  | 'alreadyOrdered'
  | 'duplicateInFile'
  | 'badTarget'
  | 'nothingChanges'
  | 'nameRequired'
  | 'wishedDate'

export interface OrderRefusal {
  line: number
  code: OrderRefusalCode
  number: string
}

export type PlaceOrdersResult = { ok: true; ids: number[] } | { ok: false; errors: OrderRefusal[] }

/** The register entry of a number on a day (any organisation), if there is one. */
async function entryOn(trx: QueryClientContract, number: string, day: string) {
  return trx
    .from('extensions as e')
    .where('e.number', number)
    .whereRaw(validOnSql('e', '?::date'), [day, day])
    .select('e.organisation_id', 'e.name', 'e.type')
    .first()
}

async function refusalOf(
  trx: QueryClientContract,
  organisationId: number,
  input: ExtensionOrderInput
): Promise<OrderRefusalCode | null> {
  const today = clock.today()
  if (input.wishedDate < today || input.wishedDate > addDays(today, ORDER_LIMITS.wishedDaysAhead))
    return 'wishedDate'
  const entry = await entryOn(trx, input.number, input.wishedDate)
  if (input.kind === 'new') {
    if (!input.name) return 'nameRequired'
    // a number another organisation has is "taken" too: that reveals only that it is in use
    if (entry) return 'numberTaken'
  } else if (!entry || entry.organisation_id !== organisationId) {
    return 'notOwnExtension'
  }
  if (input.kind === 'move') {
    const target = input.targetOrganisationId
      ? await trx
          .from('organisations')
          .where('id', input.targetOrganisationId)
          .where('active_from', '<=', input.wishedDate)
          .where((q) => q.whereNull('active_to').orWhere('active_to', '>=', input.wishedDate))
          .first()
      : null
    if (!target || target.id === organisationId) return 'badTarget'
  }
  if (input.kind === 'change') {
    const sameName = !input.name || input.name === entry.name
    const sameType = !input.type || input.type === entry.type
    if (sameName && sameType) return 'nothingChanges'
  }
  const pending = await trx
    .from('extension_orders')
    .where('number', input.number)
    .whereIn('status', [...PENDING_STATUSES])
    .first()
  return pending ? 'alreadyOrdered' : null
}

/**
 * What refuses each of these orders of one organisation (a number twice, a date out of range,
 * another organisation's extension …), in order; none when every one may be placed.
 */
export async function orderRefusals(
  client: QueryClientContract,
  organisationId: number,
  inputs: ExtensionOrderInput[]
) {
  const errors: OrderRefusal[] = []
  const seen = new Set<string>()
  for (const input of inputs) {
    if (seen.has(input.number)) {
      errors.push({ line: input.line, code: 'duplicateInFile', number: input.number })
      continue
    }
    seen.add(input.number)
    const code = await refusalOf(client, organisationId, input)
    if (code) errors.push({ line: input.line, code, number: input.number })
  }
  return errors
}

export async function placeExtensionOrders(
  inputs: ExtensionOrderInput[],
  orderedBy: { id: number; organisationId: number },
  source: 'form' | 'csv' | 'unused'
): Promise<PlaceOrdersResult> {
  return db.transaction(async (trx) => {
    // one organisation's orders are placed one at a time, so two uploads cannot both order
    // the same number
    await trx.rawQuery('SELECT pg_advisory_xact_lock(?, ?)', [95_001, orderedBy.organisationId])
    const errors = await orderRefusals(trx, orderedBy.organisationId, inputs)
    if (errors.length > 0) return { ok: false as const, errors }
    const rows = await trx
      .table('extension_orders')
      .insert(
        inputs.map((input) => ({
          organisation_id: orderedBy.organisationId,
          kind: input.kind,
          number: input.number,
          name: input.kind === 'new' || input.kind === 'change' ? input.name || null : null,
          type: input.kind === 'new' || input.kind === 'change' ? input.type || null : null,
          target_organisation_id: input.kind === 'move' ? input.targetOrganisationId : null,
          wished_date: input.wishedDate,
          note: input.note ?? '',
          source,
          ordered_by: orderedBy.id,
        }))
      )
      .returning('id')
    const ids = rows.map((row) => Number(row.id))
    await recordAudit(trx, {
      userId: orderedBy.id,
      action: 'create',
      entityType: 'extension_order',
      entityId: ids.length === 1 ? ids[0] : `${ids[0]}–${ids[ids.length - 1]}`,
      summary:
        ids.length === 1
          ? `Beställning ${ids[0]} av anknytning ${inputs[0].number} (${label('extensionOrderKind', inputs[0].kind)})`
          : `${ids.length} beställningar av anknytningar (${source})`,
    })
    await noticeOrdersPlaced(trx, ids, orderedBy.organisationId, inputs[0].number, orderedBy.id)
    return { ok: true as const, ids }
  })
}
