import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type OrganisationKind = 'forvaltning' | 'bolag'
export const ORGANISATION_KINDS: OrganisationKind[] = ['forvaltning', 'bolag']

/** A unit that is charged: an administration (förvaltning) or a company (bolag). */
export default class Organisation extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare code: string

  @column()
  declare name: string

  @column()
  declare kind: OrganisationKind

  /** `Ansvar` in the finance system */
  @column()
  declare costCentre: string

  @column()
  declare invoiceReference: string

  @column.date()
  declare activeFrom: DateTime

  @column.date()
  declare activeTo: DateTime | null

  /** Connected to the shared switchboard from (null: from activeFrom) */
  @column.date()
  declare connectedFrom: DateTime | null

  @column.date()
  declare connectedTo: DateTime | null

  /** organisationsnummer, `NNNNNN-NNNN` (Luhn-checked); required on a company's invoice */
  @column()
  declare orgNumber: string | null

  @column()
  declare postalStreet: string | null

  /** `NNN NN` */
  @column()
  declare postalCode: string | null

  @column()
  declare postalTown: string | null

  @column()
  declare invoiceEmail: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** Active on the given day (inclusive range). */
  isActiveOn(day: DateTime) {
    const date = day.toISODate()!
    return (
      this.activeFrom.toISODate()! <= date && (!this.activeTo || this.activeTo.toISODate()! >= date)
    )
  }
}
