/**
 * The delivery tests' month (docs/adr/0025): February 2031 issued for a company with an
 * invoice e-mail and an administration with contacts only, and a mailer that is refused.
 */
import db from '@adonisjs/lucid/services/db'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import type { DeliveryMailer } from '#actions/deliveries/deliver_document'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory } from '#database/factories/user_factory'

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
  const pool = await db.from('cost_pools').where('code', 'TELEFONIST').firstOrFail()
  await db.table('periods').insert({ period: '2031-02', status: 'approved' })
  const [allocation] = await db
    .table('allocations')
    .insert({
      period: '2031-02',
      cost_pool_id: pool.id,
      amount_ore: 3234_56,
      basis: 'extensions',
      key_date: '2030-10-31',
      total_weight: 2,
    })
    .returning('id')
  await db.table('allocation_shares').multiInsert([
    { allocation_id: allocation.id, organisation_id: company.id, weight: 1, amount_ore: 1234_56 },
    {
      allocation_id: allocation.id,
      organisation_id: administration.id,
      weight: 1,
      amount_ore: 2000_00,
    },
  ])
  const issued = await issueInvoices('2031-02', null)
  if (!issued.ok) throw new Error(String(issued.error))
  const invoiceOf = (code: string) =>
    db
      .from('invoices')
      .where('number', issued.invoices.find((i) => i.organisation === code)!.number)
      .firstOrFail()
  const companyInvoice = await invoiceOf('UTSKBOLAG')
  const administrationInvoice = await invoiceOf('UTSK-FV')
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
