/**
 * Loads the demo data (fictional people, realistic register). Re-runnable: organisations
 * and users are upserted by their natural keys; passwords are set only when a demo user
 * is created.
 */
import db from '@adonisjs/lucid/services/db'
import Organisation from '#models/organisation'
import User from '#models/user'
import { upsertOrganisation } from '#actions/organisations/save_organisation'
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS } from '#database/demo/organisations'

export async function loadDemoData() {
  await db.transaction(async (trx) => {
    for (const [code, name, kind, costCentre, activeFrom, activeTo, connectedFrom] of DEMO_ORGANISATIONS) {
      await upsertOrganisation(
        trx,
        {
          code,
          name,
          kind,
          costCentre,
          invoiceReference: `Telefoni ${code}`,
          activeFrom,
          activeTo,
          connectedFrom,
          connectedTo: activeTo,
        },
        null
      )
    }
    const organisations = await Organisation.query({ client: trx }).select('id', 'code')
    const idByCode = new Map(organisations.map((organisation) => [organisation.code, organisation.id]))
    for (const demo of DEMO_USERS) {
      const existing = await User.query({ client: trx }).where('email', demo.email).first()
      const organisationId = demo.organisation ? idByCode.get(demo.organisation)! : null
      if (existing) {
        existing.useTransaction(trx)
        existing.merge({ fullName: demo.fullName, role: demo.role, organisationId })
        await existing.save()
      } else {
        await User.create(
          {
            email: demo.email,
            fullName: demo.fullName,
            role: demo.role,
            organisationId,
            password: DEMO_PASSWORD,
            isActive: true,
            mustChangePassword: false,
          },
          { client: trx }
        )
      }
    }
  })
  return { organisations: DEMO_ORGANISATIONS.length, users: DEMO_USERS.length }
}
