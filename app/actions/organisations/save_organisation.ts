import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Organisation, { type OrganisationKind } from '#models/organisation'
import { diffChanges, recordAudit } from '#services/audit'

/** The editable fields of an organisation; dates as ISO strings (YYYY-MM-DD). */
export interface OrganisationInput {
  code: string
  name: string
  kind: OrganisationKind
  costCentre: string
  invoiceReference: string
  activeFrom: string
  activeTo: string | null
  connectedFrom: string | null
  connectedTo: string | null
  /**
   * Invoice details (a company's invoice needs them). `undefined` leaves the stored value
   * as it is — an empty cell in the import (FORMATS.md); `null` clears it (the form).
   */
  orgNumber?: string | null
  postalStreet?: string | null
  postalCode?: string | null
  postalTown?: string | null
  invoiceEmail?: string | null
}

const DETAIL_FIELDS = [
  'orgNumber',
  'postalStreet',
  'postalCode',
  'postalTown',
  'invoiceEmail',
] as const

const FIELDS = [
  'code',
  'name',
  'kind',
  'costCentre',
  'invoiceReference',
  'activeFrom',
  'activeTo',
  'connectedFrom',
  'connectedTo',
  ...DETAIL_FIELDS,
] as const

const date = (value: string | null) => (value ? DateTime.fromISO(value) : null)

export function organisationSnapshot(organisation: Organisation): OrganisationInput {
  return {
    code: organisation.code,
    name: organisation.name,
    kind: organisation.kind,
    costCentre: organisation.costCentre,
    invoiceReference: organisation.invoiceReference,
    activeFrom: organisation.activeFrom.toISODate()!,
    activeTo: organisation.activeTo?.toISODate() ?? null,
    connectedFrom: organisation.connectedFrom?.toISODate() ?? null,
    connectedTo: organisation.connectedTo?.toISODate() ?? null,
    orgNumber: organisation.orgNumber ?? null,
    postalStreet: organisation.postalStreet ?? null,
    postalCode: organisation.postalCode ?? null,
    postalTown: organisation.postalTown ?? null,
    invoiceEmail: organisation.invoiceEmail ?? null,
  }
}

/** The input with the invoice details it leaves out (`undefined`) taken from what is stored. */
function withStoredDetails(input: OrganisationInput, existing: Organisation | null) {
  const complete = { ...input }
  for (const field of DETAIL_FIELDS) {
    if (complete[field] === undefined) complete[field] = existing?.[field] ?? null
  }
  return complete
}

function assign(organisation: Organisation, input: OrganisationInput) {
  organisation.merge({
    code: input.code,
    name: input.name,
    kind: input.kind,
    costCentre: input.costCentre,
    invoiceReference: input.invoiceReference,
    activeFrom: date(input.activeFrom)!,
    activeTo: date(input.activeTo),
    connectedFrom: date(input.connectedFrom),
    connectedTo: date(input.connectedTo),
    orgNumber: input.orgNumber ?? null,
    postalStreet: input.postalStreet ?? null,
    postalCode: input.postalCode ?? null,
    postalTown: input.postalTown ?? null,
    invoiceEmail: input.invoiceEmail ?? null,
  })
}

/**
 * Create or update an organisation by its code, with an audit line describing the
 * change. Returns what happened, so imports can count created/updated/unchanged.
 */
export async function upsertOrganisation(
  trx: TransactionClientContract,
  input: OrganisationInput,
  userId: number | null,
  existing?: Organisation | null
): Promise<{ organisation: Organisation; outcome: 'created' | 'updated' | 'unchanged' }> {
  existing ??= await Organisation.query({ client: trx })
    .where('code', input.code)
    .forUpdate()
    .first()
  input = withStoredDetails(input, existing)
  if (!existing) {
    const organisation = new Organisation()
    organisation.useTransaction(trx)
    assign(organisation, input)
    await organisation.save()
    await recordAudit(trx, {
      userId,
      action: 'create',
      entityType: 'organisation',
      entityId: organisation.id,
      summary: `Organisationen ${input.code} (${input.name}) skapades`,
      changes: diffChanges({}, input, [...FIELDS]),
    })
    return { organisation, outcome: 'created' }
  }
  const changes = diffChanges(organisationSnapshot(existing), input, [...FIELDS])
  if (Object.keys(changes).length === 0) return { organisation: existing, outcome: 'unchanged' }
  existing.useTransaction(trx)
  assign(existing, input)
  await existing.save()
  await recordAudit(trx, {
    userId,
    action: 'update',
    entityType: 'organisation',
    entityId: existing.id,
    summary: `Organisationen ${input.code} ändrades: ${Object.keys(changes).join(', ')}`,
    changes,
  })
  return { organisation: existing, outcome: 'updated' }
}

export async function createOrganisation(input: OrganisationInput, userId: number) {
  return db.transaction(async (trx) => {
    const { organisation } = await upsertOrganisation(trx, input, userId)
    return organisation
  })
}

export async function updateOrganisation(
  organisation: Organisation,
  input: OrganisationInput,
  userId: number
) {
  return db.transaction(async (trx) => {
    const locked = await Organisation.query({ client: trx })
      .where('id', organisation.id)
      .forUpdate()
      .firstOrFail()
    const saved = await upsertOrganisation(trx, input, userId, locked)
    return saved.organisation
  })
}
