/**
 * Demo of the extension orders (issue 16, points 3 and 4; docs/adr/0026): orders from
 * Bromma's telephony contact in every state — ny, godkänd, avslagen, skickad, utförd and
 * makulerad — placed, decided and done through the use cases. The demo has no e-mail, so the
 * "skickad" orders were sent by hand: the coordinator downloaded the order file and marked
 * them sent (`markExtensionOrdersSent`), as on an installation without a mail server. Each
 * step leaves its notice (the coordinator, Bromma's contact, and UTBF's for the move done).
 */
import db from '@adonisjs/lucid/services/db'
import { placeExtensionOrders } from '#actions/extension_orders/place_extension_orders'
import { decideExtensionOrder } from '#actions/extension_orders/decide_extension_order'
import { completeExtensionOrder } from '#actions/extension_orders/complete_extension_order'
import { markExtensionOrdersSent } from '#actions/extension_orders/mark_extension_orders_sent'
import { validOnSql } from '#queries/validity'
import { demoWeekday } from '#database/demo/demo_dates'
import { clock } from '#services/clock'

export async function loadDemoExtensionOrders() {
  if (await db.from('extension_orders').first()) return
  const coordinator = await db.from('users').where('email', 'samordnare@stad.example').first()
  const contact = await db.from('users').where('email', 'telefoni.bromma@stad.example').first()
  if (!coordinator || !contact?.organisation_id) return
  const today = clock.today()
  const own = await db
    .from('extensions as e')
    .where('e.organisation_id', contact.organisation_id)
    .whereRaw(validOnSql('e', '?::date'), [today, today])
    .orderBy('e.number')
    .limit(4)
    .select('e.number')
  if (own.length < 4) return
  const target = await db
    .from('organisations')
    .whereNot('id', contact.organisation_id)
    .where('code', 'UTBF')
    .first()
  const orderedBy = { id: contact.id, organisationId: contact.organisation_id }
  const place = async (input: Parameters<typeof placeExtensionOrders>[0][number]) => {
    const result = await placeExtensionOrders([input], orderedBy, 'form')
    if (!result.ok) throw new Error(`extension order demo: ${JSON.stringify(result.errors)}`)
    return result.ids[0]
  }
  const coordinatorActor = { id: coordinator.id, organisationId: null, isContact: false }
  // numbers nobody has had: the demo register's are generated, so look for free ones
  const used = await db.from('extensions').where('number', 'like', '0850899%').select('number')
  const taken = new Set(used.map((row) => row.number))
  const freeNumbers = Array.from(
    { length: 100 },
    (_, i) => `08508991${String(i).padStart(2, '0')}`
  ).filter((number) => !taken.has(number))
  const free = (index: number) => freeNumbers[index]

  // ny: waiting for the coordinator
  await place({
    line: 1,
    kind: 'new',
    number: free(0),
    name: 'Reception Brommaplan',
    type: 'Mobil',
    wishedDate: demoWeekday(20, today),
    note: 'Ny receptionist börjar nästa månad.',
  })
  // godkänd: approved, not yet sent to the supplier
  const approved = await place({
    line: 1,
    kind: 'change',
    number: own[0].number,
    name: 'Äldreomsorgens samordnare',
    wishedDate: demoWeekday(10, today),
  })
  await decideExtensionOrder(approved, 'approve', '', coordinatorActor)
  // avslagen: rejected with a comment
  const rejected = await place({
    line: 1,
    kind: 'new',
    number: free(1),
    name: 'Tillfällig projektlinje',
    wishedDate: demoWeekday(5, today),
  })
  await decideExtensionOrder(
    rejected,
    'reject',
    'Projektet har redan en anknytning; använd den i stället.',
    coordinatorActor
  )
  // skickad: approved and sent to the supplier by hand (the demo has no e-mail)
  const sent = await place({
    line: 1,
    kind: 'remove',
    number: own[1].number,
    wishedDate: demoWeekday(7, today),
  })
  await decideExtensionOrder(sent, 'approve', '', coordinatorActor)
  await markExtensionOrdersSent([sent], coordinator.id)
  // utförd: sent and performed today, so the register changed from today
  if (target) {
    const done = await place({
      line: 1,
      kind: 'move',
      number: own[2].number,
      targetOrganisationId: target.id,
      wishedDate: today,
    })
    await decideExtensionOrder(done, 'approve', '', coordinatorActor)
    await markExtensionOrdersSent([done], coordinator.id)
    const completed = await completeExtensionOrder(done, today, coordinator.id)
    if (!completed.ok) throw new Error(`extension order demo: ${completed.error}`)
  }
  // makulerad: withdrawn by the contact before anyone acted on it
  const withdrawn = await place({
    line: 1,
    kind: 'remove',
    number: own[3].number,
    wishedDate: demoWeekday(30, today),
  })
  await decideExtensionOrder(withdrawn, 'cancel', '', {
    id: contact.id,
    organisationId: contact.organisation_id,
    isContact: true,
  })
}
