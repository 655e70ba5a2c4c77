/**
 * The demo's feedback routed to organisations (issue 16, point 5): answered in time, answered
 * late, one overdue without an answer and one still within the target — registered and
 * answered through the use cases (so the notifications are there), then dated back.
 */
import db from '@adonisjs/lucid/services/db'
import { registerFeedback } from '#actions/feedback/register_feedback'
import { answerFeedback } from '#actions/feedback/answer_feedback'
import { clock } from '#services/clock'
import { addDays } from '#domain/periods'
import type { FeedbackType } from '#domain/feedback'

const HOUR = 3_600_000

export async function loadDemoFeedback() {
  if (await db.from('organisation_feedback').first()) return
  const user = (email: string) => db.from('users').where('email', email).firstOrFail()
  const coordinator = await user('samordnare@stad.example')
  const items: {
    contact: string
    type: FeedbackType
    text: string
    hoursAgo: number
    answer?: { text: string; afterHours: number }
  }[] = [
    {
      contact: 'telefoni.bromma@stad.example',
      type: 'klagomal',
      text: 'En invånare som sökte biståndshandläggare hänvisades till ett nummer som inte längre används enligt er egen hänvisningslista.',
      hoursAgo: 240,
      answer: {
        text: 'Tack! Hänvisningslistan är uppdaterad och det gamla numret borttaget.',
        afterHours: 5,
      },
    },
    {
      contact: 'telefoni.utbf@stad.example',
      type: 'berom',
      text: 'En förälder ringde tillbaka för att tacka för hjälpen med skolskjutsen – skicka gärna vidare till expeditionen.',
      hoursAgo: 190,
      answer: { text: 'Vad roligt, vi har berättat det för expeditionen.', afterHours: 30 },
    },
    {
      contact: 'telefoni.stockholmshem@stad.example',
      type: 'felhanvisning',
      text: 'Felanmälan efter kl. 16 hänvisas enligt er rutin till kundtjänst som då är stängd; uppringarna blir utan hjälp.',
      hoursAgo: 72,
    },
    {
      contact: 'telefoni.bromma@stad.example',
      type: 'synpunkt',
      text: 'Uppringare saknar ett direktnummer till parkeringsärenden i er hänvisning.',
      hoursAgo: 2,
    },
  ]
  for (const item of items) {
    const contact = await user(item.contact)
    const registered = await registerFeedback(
      {
        organisationId: contact.organisation_id,
        type: item.type,
        receivedOn: addDays(clock.today(), -Math.ceil(item.hoursAgo / 24)),
        description: item.text,
      },
      coordinator.id
    )
    if (!registered.ok) throw new Error(registered.error)
    const forwardedAt = new Date(clock.nowMs() - item.hoursAgo * HOUR)
    if (item.answer) {
      const answered = await answerFeedback(registered.id, item.answer.text, contact.id)
      if (!answered.ok) throw new Error(answered.error)
    }
    await db
      .from('organisation_feedback')
      .where('id', registered.id)
      .update({
        forwarded_at: forwardedAt,
        answered_at: item.answer
          ? new Date(forwardedAt.getTime() + item.answer.afterHours * HOUR)
          : null,
      })
  }
}
