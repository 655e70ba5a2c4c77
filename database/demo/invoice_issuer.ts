/**
 * Demo of issue 15 point 6 (finished documents): the sender the demo's invoices print —
 * the coordinator as "Vår referens" with her telephone and e-mail in the footer, the
 * bankgiro of the payment box — set the way a coordinator would, on the settings page
 * (saved through the same use case, so the audit log shows who set them).
 */
import { saveSettings } from '#actions/settings/save_settings'
import User from '#models/user'

export const DEMO_ISSUER = {
  issuer_contact_name: 'Eva Lindqvist',
  issuer_contact_phone: '08-508 290 00',
  issuer_contact_email: 'samordnare@stad.example',
  issuer_bankgiro: '5050-1055',
}

/** Before the demo's month-end issues its invoices. Re-runnable: unchanged values are skipped. */
export async function loadDemoInvoiceIssuer() {
  const coordinator = await User.findByOrFail('email', 'samordnare@stad.example')
  const saved = await saveSettings(DEMO_ISSUER, coordinator.id)
  if (!saved.ok) throw new Error(saved.errors.map((error) => error.setting).join(', '))
}
