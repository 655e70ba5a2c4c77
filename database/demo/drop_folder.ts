/**
 * Demo of issue 16, point 9 (docs/adr/0028 §2): two supplier files that arrived by
 * themselves — this month's headcount, read and moved to behandlade/, and a file nobody
 * recognises, moved to avvisade/ — each with its report, read by the real drop-folder code
 * from a folder of the demo's own (tmp/demo/inkorg, so a running worker cannot take them
 * half-way); and the reminder the coordinator got on the reminder day, before last month's
 * supplier invoice came in later that day.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { pollDropFolder } from '#actions/imports/process_drop_folder'
import { notify } from '#actions/notifications/notify'
import { activeUsersOfRole } from '#queries/notifications/recipients'
import { formatMonth } from '#domain/formatting'
import { monthOf, previousMonth, todayInStockholm } from '#domain/periods'
import { paths } from '#domain/paths'

export async function loadDemoDropFolder() {
  if (await db.from('drop_files').first()) return
  const folder = app.tmpPath('demo', 'inkorg')
  await rm(folder, { recursive: true, force: true })
  await mkdir(folder, { recursive: true })
  const month = monthOf(todayInStockholm())
  await writeFile(
    join(folder, `anstallda-${month}.csv`),
    `Organisation;Månad;Antal anställda\nSDF-BROMMA;${month};1262\nSLK;${month};418\n`
  )
  await writeFile(
    join(folder, 'leverantor-oppettider.csv'),
    'Datum;Öppnar;Stänger\n2026-12-24;08:00;12:00\n'
  )
  // two looks at the folder: the files have stopped growing, so the second takes them
  const state = new Map()
  await pollDropFolder(folder, state)
  const outcomes = await pollDropFolder(folder, state)
  if (outcomes.length !== 2) throw new Error(`Demoinkorgen: ${outcomes.length} filer lästes`)

  // the latest reminder day that has passed, and the month it was about
  const settings = await db.from('settings').where('key', 'import_reminder_day').first()
  const day = Number(settings?.value ?? 5)
  const today = todayInStockholm()
  const reminderMonth = Number(today.slice(8, 10)) >= day ? month : previousMonth(month)
  const period = previousMonth(reminderMonth)
  const sentAt = new Date(`${reminderMonth}-${String(day).padStart(2, '0')}T06:00:00Z`)
  const inserted = await db
    .table('import_reminders')
    .insert({ period, kind: 'supplier_invoice', sent_at: sentAt })
    .onConflict(['period', 'kind'])
    .ignore()
    .returning('period')
  if (inserted.length === 0) return
  await notify(await activeUsersOfRole('samordnare'), 'supplier_files', {
    key: 'supplierInvoiceReminder',
    params: { period: formatMonth(period) },
    url: paths.imports(),
  })
  await db
    .from('notifications')
    .where('message_key', 'supplierInvoiceReminder')
    .update({ created_at: sentAt, read_at: sentAt })
}
