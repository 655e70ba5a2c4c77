/**
 * The demo's e-mail of invoices (issue 16, point 1; docs/adr/0025): the invoiced month's
 * deliveries go through the real sending code with a mailer that delivers nowhere, except
 * one company's, whose mail server refuses the address (and the company the demo leaves
 * without invoice details, which has no address to send to): /utskick shows sent ones and
 * failed ones with their reasons, ready for "Skicka igen".
 */
import db from '@adonisjs/lucid/services/db'
import { deliverDocument, type DeliveryMailer } from '#actions/deliveries/deliver_document'

const delivered: DeliveryMailer = { send: async () => undefined }
const refused: DeliveryMailer = {
  send: async () => {
    // as nodemailer reports an SMTP server's refusal: the message and the server's code
    throw Object.assign(
      new Error(
        '550 5.1.1 Mottagarens adress finns inte hos mottagande e-postserver (Recipient address rejected)'
      ),
      { responseCode: 550 }
    )
  },
}

export async function loadDemoDeliveries() {
  // run again (a first start killed half-way): the rest is sent, nothing fails twice
  const failedAlready = await db.from('document_deliveries').where('status', 'failed').first()
  const queued = await db
    .from('document_deliveries as d')
    .join('organisations as o', 'o.id', 'd.organisation_id')
    .where('d.status', 'queued')
    .orderBy('d.id')
    .select('d.id', 'o.kind')
  const failing = failedAlready
    ? null
    : (queued.find((delivery) => delivery.kind === 'bolag') ?? queued[0])
  for (const delivery of queued) {
    await deliverDocument(delivery.id, { mailer: delivery === failing ? refused : delivered })
  }
}
