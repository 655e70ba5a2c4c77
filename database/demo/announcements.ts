/** The demo's driftmeddelanden: a planned closure next week and a disruption that is over
 * (withdrawn: one whose last day has passed cannot be published). */
import db from '@adonisjs/lucid/services/db'
import { addDays, todayInStockholm } from '#domain/periods'
import { demoWeekday } from '#database/demo/demo_dates'
import { publishAnnouncement } from '#actions/announcements/publish_announcement'
import { withdrawAnnouncement } from '#actions/announcements/withdraw_announcement'

export async function loadDemoAnnouncements() {
  if (await db.from('announcements').first()) return
  const coordinator = await db.from('users').where('email', 'samordnare@stad.example').firstOrFail()
  const today = todayInStockholm()
  const day = (offset: number) => new Date(`${addDays(today, offset)}T00:00:00`)
  // the closure falls on a working day next week
  const closure = demoWeekday(7, today)
  await publishAnnouncement(
    {
      kind: 'closure',
      title: 'Växeln stänger för gemensam planering',
      body: `Växeln är stängd **${closure} kl. 13–16** för gemensam planering. Samtal till växelnumret går under tiden till ett talsvar med era nödnummer.\n\nSe till att er egen reception är bemannad.`,
      validFrom: day(0),
      validTo: new Date(`${closure}T00:00:00`),
    },
    coordinator.id
  )
  const disruption = await publishAnnouncement(
    {
      kind: 'disruption',
      title: 'Störning i vidarekopplingen',
      body: 'Vidarekopplade samtal till mobiler tappades mellan 08.10 och 09.40. Felet är åtgärdat.',
      validFrom: day(-1),
      validTo: day(0),
    },
    coordinator.id
  )
  if (disruption.ok) await withdrawAnnouncement(disruption.id, coordinator.id)
}
