/**
 * The delivery tests' month (docs/adr/0025): February 2031 issued for a company with an
 * invoice e-mail and an administration with contacts only, and a mailer that is refused.
 */
import db from '@adonisjs/lucid/services/db'
import type { DeliveryMailer } from '#actions/deliveries/deliver_document'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory } from '#database/factories/user_factory'
import { issuedFebruary2031 } from '#tests/helpers/month_end_fixtures'

/** February 2031 issued: a company with an invoice e-mail, an administration with contacts only. */
export async function issuedFebruary() {
  const company = await OrganisationFactory.merge({
    code: 'UTSKBOLAG',
    name: 'Åbygge AB',
    kind: 'bolag',
    invoiceReference: 'Anna Ref',
    orgNumber: '556036-0793',
    postalStreet: 'Box 123',
    postalCode: '111 22',
    postalTown: 'Staden',
    invoiceEmail: 'Faktura@Abygge.example',
  }).create()
  const administration = await OrganisationFactory.merge({
    code: 'UTSK-FV',
    name: 'Miljöförvaltningen',
    invoiceEmail: null,
  }).create()
  const contact = await UserFactory.merge({
    role: 'telefoniansvarig',
    organisationId: administration.id,
    email: 'kontakt1@miljo.example',
  }).create()
  await UserFactory.merge({
    role: 'telefoniansvarig',
    organisationId: administration.id,
    email: 'kontakt2@miljo.example',
  }).create()
  // an inactive contact gets nothing
  await UserFactory.merge({
    role: 'telefoniansvarig',
    organisationId: administration.id,
    email: 'slutat@miljo.example',
    isActive: false,
  }).create()
  const { companyInvoice, administrationInvoice } = await issuedFebruary2031(
    company,
    administration
  )
  const deliveryOf = (invoiceId: number) =>
    db.from('document_deliveries').where('invoice_id', invoiceId).firstOrFail()
  return {
    company,
    administration,
    contact,
    companyInvoice,
    administrationInvoice,
    companyDelivery: await deliveryOf(companyInvoice.id),
    administrationDelivery: await deliveryOf(administrationInvoice.id),
  }
}

/** A mailer that always fails the way an SMTP server refusing a recipient does. */
export const refusingMailer: DeliveryMailer = {
  async send() {
    throw new Error('550 5.1.1 <faktura@abygge.example>: Recipient address rejected')
  },
}
