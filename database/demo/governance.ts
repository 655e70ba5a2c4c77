/**
 * Demo of the governance meetings (issue 16, point 7; docs/adr/0027): the steering group
 * (two contacts and the controller), last spring's steering-group meeting with its decisions
 * and action items — one done, one still open and so carried to the next steering-group
 * meeting — a supplier meeting with the supplier's people as e-mail guests, and an
 * avstämning with Bromma.
 */
import db from '@adonisjs/lucid/services/db'
import { createMeeting } from '#actions/meetings/schedule_meeting'
import { publishMinutes } from '#actions/meetings/publish_minutes'
import {
  addActionItem,
  completeActionItem,
  recordDecision,
  saveSteeringGroup,
} from '#actions/meetings/record_outcomes'
import { demoWeekday } from '#database/demo/demo_dates'

export async function loadDemoGovernance() {
  if (await db.from('meetings').whereNot('kind', 'network').first()) return
  const user = (email: string) => db.from('users').where('email', email).firstOrFail()
  const coordinator = await user('samordnare@stad.example')
  const controller = await user('controller@stad.example')
  const bromma = await user('telefoni.bromma@stad.example')
  const utbf = await user('telefoni.utbf@stad.example')
  await saveSteeringGroup([bromma.id, utbf.id, controller.id], coordinator.id)

  const ok = <T extends { ok: boolean }>(result: T) => {
    if (!result.ok) throw new Error(`governance demo: ${JSON.stringify(result)}`)
    return result as Extract<T, { ok: true }>
  }
  const spring = ok(
    await createMeeting(
      {
        kind: 'steering_group',
        title: 'Styrgruppen: uppföljning av växelavtalet',
        date: demoWeekday(-45),
        startTime: '10:00',
        endTime: '11:30',
        place: 'Stadshuset, sal Prins Eugen',
        agenda:
          '1. Leverantörens kvalitet senaste halvåret\n2. Kostnadsutvecklingen per organisation\n3. Förlängning av avtalet\n4. Nästa möte',
      },
      coordinator.id
    )
  )
  await recordDecision(
    spring.id,
    'Avtalet med leverantören förlängs ett år med oförändrade servicenivåer.',
    coordinator.id
  )
  await recordDecision(
    spring.id,
    'Samordningsavgiften för nästa år fastställs i oktober när budgeten är klar.',
    coordinator.id
  )
  ok(
    await addActionItem(
      spring.id,
      {
        text: 'Ta fram en prognos för samordningsavgiften per organisation',
        ownerId: controller.id,
        dueDate: demoWeekday(-10),
      },
      coordinator.id
    )
  )
  ok(
    await addActionItem(
      spring.id,
      {
        text: 'Skicka svarsandel per timme för de sämsta veckorna',
        ownerName: 'Leverantörens kundansvarige',
        dueDate: demoWeekday(-30),
      },
      coordinator.id
    )
  )
  const [done] = await db
    .from('meeting_action_items')
    .where('meeting_id', spring.id)
    .whereNotNull('owner_name')
    .select('id')
  ok(await completeActionItem(done.id, coordinator.id))
  await publishMinutes(
    spring.id,
    {
      minutes:
        '**Närvarande:** styrgruppen och samordnaren.\n\nSvarsandelen nådde målet 85 % fem av sex månader. Avtalet förlängs (beslut 1). Prognosen för avgiften tas fram av controllern till nästa möte.',
    },
    coordinator.id
  )
  ok(
    await createMeeting(
      {
        kind: 'steering_group',
        title: 'Styrgruppen: budget och avgifter',
        date: demoWeekday(21),
        startTime: '10:00',
        endTime: '11:30',
        place: 'Stadshuset, sal Prins Eugen',
        videoUrl: 'https://teams.stad.example/styrgrupp',
        agenda:
          '1. Öppna åtgärdspunkter från förra mötet\n2. Prognos för samordningsavgiften\n3. Årets enkät till telefoniansvariga',
      },
      coordinator.id
    )
  )
  ok(
    await createMeeting(
      {
        kind: 'supplier',
        title: 'Leverantörsmöte: kvartalsuppföljning',
        date: demoWeekday(14),
        startTime: '14:00',
        endTime: '15:30',
        videoUrl: 'https://teams.stad.example/leverantor',
        agenda: '1. Svarsandel och avbrutna samtal\n2. Avvikelser\n3. Bemanning under sommaren',
        guests: 'kundansvarig@leverantor.example\ndriftchef@leverantor.example',
      },
      coordinator.id
    )
  )
  const brommaOrganisation = await db
    .from('organisations')
    .where('id', bromma.organisation_id)
    .firstOrFail()
  ok(
    await createMeeting(
      {
        kind: 'review',
        organisationId: brommaOrganisation.id,
        title: `Avstämning med ${brommaOrganisation.name}`,
        date: demoWeekday(30),
        startTime: '13:00',
        endTime: '14:00',
        place: 'Brommaplan, förvaltningens kontor',
        agenda:
          '1. Statistik och kostnader\n2. Hänvisningar och felkopplingar\n3. Klagomål och beröm',
      },
      coordinator.id
    )
  )
}
