import factory from '@adonisjs/lucid/factories'
import { DateTime } from 'luxon'
import Organisation from '#models/organisation'

let sequence = 0

export const OrganisationFactory = factory
  .define(Organisation, () => {
    sequence++
    return {
      code: `ORG-${sequence}`,
      name: `Testförvaltning ${sequence}`,
      kind: 'forvaltning' as const,
      costCentre: String(10000 + sequence),
      invoiceReference: `Ref ${sequence}`,
      activeFrom: DateTime.fromISO('2009-01-01'),
      activeTo: null,
      connectedFrom: null,
      connectedTo: null,
    }
  })
  .state('company', (organisation) => {
    organisation.kind = 'bolag'
  })
  .build()
