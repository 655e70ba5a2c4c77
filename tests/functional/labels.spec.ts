import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import { DEVIATION_STATUSES, DEVIATION_TYPES } from '#domain/deviations'
import { updateOrganisation } from '#actions/organisations/save_organisation'
import { decideServiceCredit, supplierReportPdf } from '#actions/quality/supplier_follow_up'
import { label, formatChanges } from '#services/labels'
import { controlLoopCity } from '#tests/helpers/control_loop_city'
import { createContact } from '#database/factories/user_factory'
import { pdfText } from '#tests/helpers/pdf_text'

/**
 * The codes a person must never read: every code whose label differs from it (a code
 * equal to its own label, such as "Bolag", is a word and allowed).
 */
function leakingCodes() {
  const codes: string[] = []
  for (const code of DEVIATION_TYPES) if (label('deviationType', code) !== code) codes.push(code)
  for (const code of DEVIATION_STATUSES)
    if (label('deviationStatus', code) !== code) codes.push(code)
  for (const code of ['forvaltning', 'bolag'])
    if (label('organisationKind', code) !== code) codes.push(code)
  for (const code of ['proposed', 'accepted', 'waived']) codes.push(code)
  return codes
}

/** The visible text of an HTML page (no tags, attributes, scripts or styles). */
function visibleText(html: string) {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
}

function assertNoCodes(assert: any, text: string, where: string) {
  for (const code of leakingCodes())
    assert.notMatch(
      text,
      new RegExp(`(^|[^\\p{L}_])${code}($|[^\\p{L}_])`, 'u'),
      `${where}: ${code}`
    )
}

async function page(client: ApiClient, user: User, path: string) {
  const response = await client.get(path).loginAs(user)
  response.assertStatus(200)
  return visibleText(response.text())
}

test.group('Labels, not codes', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('one label function: a code becomes its words in the reader language, an unknown code stays as it is', ({
    assert,
  }) => {
    assert.equal(label('deviationStatus', 'atgardad'), 'Åtgärdad')
    assert.equal(label('deviationStatus', 'atgardad', 'en'), 'Resolved')
    assert.equal(label('organisationKind', 'forvaltning'), 'Förvaltning')
    assert.equal(label('deviationType', 'lang_vantetid'), 'Lång väntetid')
    assert.equal(label('deviationType', 'okand_kod'), 'okand_kod')
    assert.equal(label('deviationType', null), '–')
    assert.equal(
      formatChanges({
        kind: { from: null, to: 'forvaltning' },
        activeTo: { from: null, to: '2026-10-15' },
      }),
      'Typ: – → Förvaltning\nAktiv till: – → 2026-10-15'
    )
  })

  test('the change log, the audit log, the deviations and the supplier follow-up PDF show labels, never codes', async ({
    client,
    assert,
  }) => {
    const { a, coordinator } = await controlLoopCity()
    await updateOrganisation(
      a,
      {
        code: a.code,
        name: a.name,
        kind: 'bolag',
        costCentre: a.costCentre,
        invoiceReference: a.invoiceReference,
        activeFrom: a.activeFrom.toISODate()!,
        activeTo: null,
        connectedFrom: null,
        connectedTo: null,
      },
      coordinator.id
    )
    const { user: contact, organisation } = await createContact()
    let n = 0
    for (const type of DEVIATION_TYPES)
      for (const status of DEVIATION_STATUSES) {
        n++
        await db.table('deviations').insert({
          organisation_id: organisation.id,
          reported_by: contact.id,
          occurred_at: `2026-10-${String((n % 28) + 1).padStart(2, '0')}T08:00:00Z`,
          entry_number: '0850811000',
          type,
          description: `Avvikelse ${n}`,
          status,
          answer: ['atgardad', 'avvisad'].includes(status) ? 'Svar' : null,
        })
      }
    await db.table('service_credits').insert({
      period: '2026-10',
      service_level: 0.8,
      target: 0.85,
      points: 5,
      percent: 5,
      fee_ore: 250_000_00,
      proposed_ore: 12_500_00,
    })
    await decideServiceCredit('2026-10', true, 'Godtas enligt avtalet', coordinator.id)

    const changeLog = await page(client, coordinator, `/organisationer/${a.id}`)
    assert.include(changeLog, 'Typ: Förvaltning → Bolag')
    assertNoCodes(assert, changeLog, 'organisation page')
    assertNoCodes(assert, await page(client, coordinator, '/administration/logg'), 'audit log')
    const list = await page(client, coordinator, '/avvikelser')
    assert.include(list, 'Skickad till leverantör')
    assertNoCodes(assert, list, 'deviations')
    assertNoCodes(assert, await page(client, contact, '/avvikelser'), "contact's deviations")

    const pdf = await pdfText(await supplierReportPdf('2026-10'))
    assert.include(pdf, 'Felkopplat – Åtgärdad')
    assert.include(pdf, '(godtaget)')
    // a generation date, and the chart's axes labelled
    assert.match(pdf, /Skapad \d{4}-\d{2}-\d{2} \d{2}:\d{2}\./)
    assert.include(pdf, '100 %')
    assertNoCodes(assert, pdf, 'supplier follow-up PDF')
  })
})
