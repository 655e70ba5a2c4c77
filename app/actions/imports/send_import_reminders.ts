/**
 * Reminders of supplier files that have not arrived (issue 16, point 9; docs/adr/0028 §2):
 * from the configured day of the month (setting `import_reminder_day`, default 5), when
 * last month has no call records or no supplier invoice, the coordinators are told —
 * once per month and kind (`import_reminders`, whose key makes a second send impossible,
 * also from a second instance). Run by the notification sweep.
 */
import db from '@adonisjs/lucid/services/db'
import { getSettings } from '#services/settings'
import { notify } from '#actions/notifications/notify'
import { activeUsersOfRole } from '#queries/notifications/recipients'
import { formatMonth } from '#domain/formatting'
import { todayInStockholm } from '#domain/periods'
import { paths } from '#domain/paths'
import { REMINDED_KINDS, reminderPeriod, type RemindedKind } from '#domain/drop_folder'
import { clock } from '#services/clock'
import { callRecordsArrived, supplierInvoiceArrived } from '#queries/imports/month_inputs'

/** Whether a month's file of this kind has arrived (its rows are stored). */
function hasArrived(kind: RemindedKind, period: string) {
  return kind === 'supplier_invoice' ? supplierInvoiceArrived(period) : callRecordsArrived(period)
}

export async function sendImportReminders(now = clock.now()) {
  const settings = await getSettings()
  const day = Number(settings.import_reminder_day ?? 5) || 5
  const period = reminderPeriod(todayInStockholm(now), day)
  if (!period) return 0
  let sent = 0
  for (const kind of REMINDED_KINDS) {
    if (await hasArrived(kind, period)) continue
    const claimed = await db
      .table('import_reminders')
      .insert({ period, kind, sent_at: now })
      .onConflict(['period', 'kind'])
      .ignore()
      .returning('period')
    if (claimed.length === 0) continue
    await notify(await activeUsersOfRole('samordnare'), 'supplier_files', {
      key: kind === 'calls' ? 'callsReminder' : 'supplierInvoiceReminder',
      params: { period: formatMonth(period) },
      url: paths.imports(),
    })
    sent++
  }
  return sent
}
