/**
 * Demo of the avstämningar and cancellations (issue 16, the gaps of point 7; docs/adr/0031):
 * avstämningar held within the last six months with four organisations (Bromma's with a
 * decision and an action item, besides the one it has planned), one held eight months ago
 * with Farsta — so Farsta and every organisation never met are listed under "Avstämning
 * saknas" on the meetings page and remind the coordinator — and a cancelled supplier
 * meeting whose guest was sent a cancellation.
 */
import db from '@adonisjs/lucid/services/db'
import { createMeeting } from '#actions/meetings/schedule_meeting'
import { cancelMeeting } from '#actions/meetings/cancel_meeting'
import { addActionItem, recordDecision } from '#actions/meetings/record_outcomes'
import { demoWeekday } from '#database/demo/demo_dates'

export async function loadDemoReviews() {
  if (await db.from('meetings').whereNotNull('cancelled_at').first()) return
  const user = (email: string) => db.from('users').where('email', email).firstOrFail()
  const coordinator = await user('samordnare@stad.example')
  const ok = <T extends { ok: boolean }>(result: T) => {
    if (!result.ok) throw new Error(`reviews demo: ${JSON.stringify(result)}`)
    return result as Extract<T, { ok: true }>
  }
  const held: [string, number][] = [
    ['telefoni.bromma@stad.example', -95],
    ['telefoni.utbf@stad.example', -60],
    ['telefoni.socf@stad.example', -120],
    ['telefoni.stockholmshem@stad.example', -40],
    // more than six months ago: overdue
    ['telefoni.farsta@stad.example', -240],
  ]
  for (const [email, days] of held) {
    const contact = await user(email)
    const organisation = await db
      .from('organisations')
      .where('id', contact.organisation_id)
      .firstOrFail()
    const review = ok(
      await createMeeting(
        {
          kind: 'review',
          organisationId: organisation.id,
          title: `Avstämning med ${organisation.name}`,
          date: demoWeekday(days),
          startTime: '09:00',
          endTime: '10:00',
          place: 'Stadshuset, sal Tre Kronor',
          agenda: '1. Statistik och kostnader\n2. Hänvisningar\n3. Önskemål på växeln',
        },
        coordinator.id
      )
    )
    if (email === 'telefoni.bromma@stad.example') {
      await recordDecision(
        review.id,
        'Bromma skickar sina nya hänvisningsrutiner till växeln före sommaren.',
        coordinator.id
      )
      ok(
        await addActionItem(
          review.id,
          {
            text: 'Uppdatera hänvisningarna för stadsdelens mottagningar',
            ownerId: contact.id,
            dueDate: demoWeekday(10),
          },
          coordinator.id
        )
      )
    }
  }

  // a supplier meeting cancelled after its guest's invitation went out
  const extra = ok(
    await createMeeting(
      {
        kind: 'supplier',
        title: 'Leverantörsmöte: extra genomgång av sommarbemanningen',
        date: demoWeekday(9),
        startTime: '10:00',
        endTime: '11:00',
        videoUrl: 'https://teams.stad.example/leverantor-extra',
        agenda: '1. Sommarbemanning',
        guests: 'bemanning@leverantor.example',
      },
      coordinator.id
    )
  )
  // the demo sends no e-mail: the invitation as the sweep would have recorded it
  await db
    .from('meeting_guests')
    .where('meeting_id', extra.id)
    .update({ invitation_status: 'sent', attempts: 1, sent_at: new Date() })
  ok(await cancelMeeting(extra.id, coordinator.id))
  await db
    .from('meeting_cancellations')
    .where('meeting_id', extra.id)
    .update({ status: 'sent', attempts: 1, sent_at: new Date() })
}
