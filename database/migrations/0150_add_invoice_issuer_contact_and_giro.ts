import { BaseSchema } from '@adonisjs/lucid/schema'

const OLD_COMPANY_PAYMENT_TEXT = 'Betalas till bankgiro 5050-1055 med fakturanumret som referens.'
const NEW_COMPANY_PAYMENT_TEXT = 'Ange OCR-numret när ni betalar, så hittar vi betalningen.'

/**
 * A finished invoice (issue 15 point 6): the sender's contact ("Vår referens" and the
 * footer) and the giro accounts of the payment box, as settings the coordinator edits on the
 * settings page (every setting holds a value: the form refuses an empty one, so there is a
 * bankgiro and no optional plusgiro). The companies' payment text named the
 * bankgiro itself; where it is still the shipped default it now points to the OCR number
 * instead (the bankgiro is printed from its own setting), an edited text is left alone.
 */
export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      const rows = [
        {
          key: 'issuer_contact_name',
          value: 'Samordnare gemensam växel',
          description: 'Vår referens på fakturor (avsändarens kontaktperson)',
        },
        {
          key: 'issuer_contact_phone',
          value: '08-508 000 00',
          description: 'Kontaktpersonens telefon (i fakturans sidfot)',
        },
        {
          key: 'issuer_contact_email',
          value: 'vaxel@stad.example',
          description: 'Kontaktpersonens e-post (i fakturans sidfot)',
        },
        {
          key: 'issuer_bankgiro',
          value: '5050-1055',
          description: 'Bankgiro som bolagen betalar till',
        },
      ]
      for (const row of rows)
        await db.rawQuery(
          'INSERT INTO settings (key, value, description) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
          [row.key, row.value, row.description]
        )
      await db
        .from('settings')
        .where('key', 'company_payment_text')
        .where('value', OLD_COMPANY_PAYMENT_TEXT)
        .update({ value: NEW_COMPANY_PAYMENT_TEXT })
    })
  }

  async down() {
    this.defer(async (db) => {
      await db
        .from('settings')
        .whereIn('key', [
          'issuer_contact_name',
          'issuer_contact_phone',
          'issuer_contact_email',
          'issuer_bankgiro',
        ])
        .delete()
      await db
        .from('settings')
        .where('key', 'company_payment_text')
        .where('value', NEW_COMPANY_PAYMENT_TEXT)
        .update({ value: OLD_COMPANY_PAYMENT_TEXT })
    })
  }
}
