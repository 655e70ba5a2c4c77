/**
 * Demo of issue 16, point 6 (docs/adr/0028): the housing companies' telephony contact
 * (telefoni.stockholmshem@) is contact for two more small companies and switches between
 * them in the header.
 */
import db from '@adonisjs/lucid/services/db'

export async function loadDemoMultiOrg() {
  const contact = await db
    .from('users')
    .where('email', 'telefoni.stockholmshem@stad.example')
    .first()
  if (!contact) return
  const organisations = await db
    .from('organisations')
    .whereIn('code', ['SVENSKABOSTADER', 'FAMILJEBOSTADER'])
    .select('id')
  if (organisations.length === 0) return
  await db
    .table('user_organisations')
    .insert(organisations.map((row) => ({ user_id: contact.id, organisation_id: row.id })))
    .onConflict(['user_id', 'organisation_id'])
    .ignore()
}
