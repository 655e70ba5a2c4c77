/**
 * Labels, not codes, everywhere (issue 15 point 6): every page a coordinator, a controller
 * and a telephony contact reach by following links from their start page, and every PDF
 * linked from them, is read as a person reads it (visible HTML text; PDF text through
 * pdf.js), and no stored code of an enumeration (`atgardad`, `forvaltning`, `klagomal`,
 * `waived`, `supplier_invoices`…) may appear in it — each must have gone through label().
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import { DEVIATION_STATUSES, DEVIATION_TYPES } from '#domain/deviations'
import { FEEDBACK_TYPES } from '#domain/feedback'
import { SURVEY_STATUSES } from '#domain/surveys'
import { labelKey, type LabelSet } from '#domain/labels'
import i18nManager from '@adonisjs/i18n/services/main'
import { label } from '#services/labels'
import { runAllocation } from '#actions/month_end/run_allocation'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { decideServiceCredit } from '#actions/quality/decide_service_credit'
import { registerFeedback } from '#actions/feedback/register_feedback'
import { createSurvey, setSurveyStatus } from '#actions/surveys/surveys'
import { controlLoopCity, invoicedMonth } from '#tests/helpers/control_loop_city'
import { createContact } from '#database/factories/user_factory'
import { pdfText } from '#tests/helpers/pdf_text'

/** Each enumeration a person may see, by its label set, with every value it can hold. */
const ENUMERATIONS: [LabelSet, readonly string[]][] = [
  ['deviationType', DEVIATION_TYPES],
  ['deviationStatus', DEVIATION_STATUSES],
  ['organisationKind', ['forvaltning', 'bolag']],
  ['role', ['samordnare', 'controller', 'telefoniansvarig']],
  ['periodStatus', ['draft', 'approved', 'invoiced']],
  ['serviceCreditStatus', ['proposed', 'accepted', 'waived']],
  ['feedbackType', FEEDBACK_TYPES],
  ['surveyStatus', SURVEY_STATUSES],
  ['importStatus', ['running', 'imported', 'unchanged', 'rejected', 'failed']],
  ['poolBasis', ['extensions', 'headcount']],
  ['poolSource', ['supplier_invoices', 'cost_entries']],
  ['forecastMethod', ['run_rate']],
]

/**
 * Codes that are also ordinary Swedish words a sentence may use in lower case ("spara
 * utkast", "en controller", "lämna en synpunkt"): their label is the same word capitalised.
 */
const ALSO_WORDS = new Set([
  'utkast',
  'samordnare',
  'controller',
  'telefoniansvarig',
  'synpunkt',
  'bolag',
  'ny',
  'annat',
  'avvisad',
])

/** The codes a person must never read: those whose label differs from the code. */
function leakingCodes() {
  const codes = new Set<string>()
  for (const [set, values] of ENUMERATIONS)
    for (const code of values) {
      if (label(set, code) === code) throw new Error(`${set}.${code} has no label`)
      if (!ALSO_WORDS.has(code)) codes.add(code)
    }
  return [...codes]
}

/** What a person reads of a page: no tags, scripts, styles, e-mail addresses or URLs. */
function visibleText(html: string) {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
    .replace(/\S+@\S+|https?:\/\/\S+/g, ' ')
}

/** Links not to follow: signing out, switching language, files that are data, not text. */
const SKIP =
  /logga-ut|\/sprak|lang=|\.csv|csv|xlsx|\.ics|e-faktura|ekonomiexport\/|\/export|\/sie|\/aviseringar\/\d+$/

/**
 * Follow the links from the start page, one page per route shape (ids as N), at most
 * `limit` pages; the text of each page and PDF with where it came from.
 */
async function crawl(client: ApiClient, user: User, also: string[] = [], limit = 120) {
  const seenShapes = new Set<string>()
  const queue = ['/oversikt', ...also]
  const texts: { path: string; text: string; pdf: boolean }[] = []
  while (queue.length > 0 && texts.length < limit) {
    const path = queue.shift()!
    const response = await client.get(path).loginAs(user).redirects(0)
    if (response.status() !== 200) continue
    const type = String(response.header('content-type') ?? '')
    if (type.includes('application/pdf')) {
      texts.push({ path, text: await pdfText(response.body() as unknown as Buffer), pdf: true })
      continue
    }
    if (!type.includes('text/html')) continue
    const html = response.text()
    texts.push({ path, text: visibleText(html), pdf: false })
    for (const match of html.matchAll(/href="(\/[^"#]*)"/g)) {
      const href = match[1].replace(/&amp;/g, '&')
      const shape = href.replace(/\d+/g, 'N')
      if (SKIP.test(href) || seenShapes.has(shape)) continue
      seenShapes.add(shape)
      queue.push(href)
    }
  }
  return texts
}

test.group('Labels, not codes / the label function', () => {
  test('every value of every enumeration a person sees has a label in Swedish and in English (in English it may be the code itself)', ({
    assert,
  }) => {
    const missing: string[] = []
    for (const [set, values] of ENUMERATIONS)
      for (const code of values)
        for (const locale of ['sv', 'en'])
          if (!i18nManager.locale(locale).hasMessage(labelKey(set, code)))
            missing.push(`${locale} ${set}.${code}`)
    assert.deepEqual(missing, [])
    assert.equal(label('feedbackType', 'klagomal'), 'Klagomål')
  })
})

test.group('Labels, not codes / every page and PDF a role reaches', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('no enumeration code appears in a page or PDF of the coordinator, the controller or a contact', async ({
    client,
    assert,
  }) => {
    // a month invoiced (with a credit note) and the next one a draft, a decided service
    // credit, deviations in every type and state, feedback of every type, a survey closed
    const city = await controlLoopCity({ periods: ['2026-09', '2026-10'] })
    await invoicedMonth(city, '2026-09')
    const first = await db.from('invoices').where('period', '2026-09').orderBy('id').firstOrFail()
    assert.isTrue((await creditInvoice(first.id, 'Fel antal anknytningar', null)).ok)
    await runAllocation('2026-10', city.coordinator.id)
    await db.table('service_credits').insert({
      period: '2026-09',
      service_level: 0.8,
      target: 0.85,
      points: 5,
      percent: 5,
      fee_ore: 250_000_00,
      proposed_ore: 12_500_00,
    })
    await decideServiceCredit('2026-09', false, 'Efterskänks efter mötet', city.coordinator.id)

    const { user: contact } = await createContact()
    contact.organisationId = city.a.id
    await contact.save()
    let n = 0
    for (const type of DEVIATION_TYPES)
      for (const status of DEVIATION_STATUSES) {
        n++
        await db.table('deviations').insert({
          organisation_id: city.a.id,
          reported_by: contact.id,
          occurred_at: `2026-10-${String((n % 28) + 1).padStart(2, '0')}T08:00:00Z`,
          entry_number: '0850811000',
          type,
          description: `Avvikelse ${n}`,
          status,
          answer: ['atgardad', 'avvisad'].includes(status) ? 'Svar' : null,
        })
      }
    for (const type of FEEDBACK_TYPES)
      await registerFeedback(
        {
          organisationId: city.a.id,
          type,
          receivedOn: '2026-10-05',
          description: `Återkoppling av typen ${label('feedbackType', type)}`,
        },
        city.coordinator.id
      )
    const survey = await createSurvey(
      { title: 'Nöjdhet 2026', year: 2026, questions: ['Hur nöjd är du?'] },
      city.coordinator.id
    )
    await setSurveyStatus(survey, 'oppen', city.coordinator.id)
    await setSurveyStatus(survey, 'stangd', city.coordinator.id)

    const codes = leakingCodes()
    const leaks: string[] = []
    let pages = 0
    const pdfs = new Set<string>()
    // the PDFs a page links to only when the month has calls: asked for directly
    const reports = ['/samtal/2026-09/leverantorsrapport', '/rapporter/tertial/2026/3/pdf']
    for (const user of [city.coordinator, city.controller, contact]) {
      const texts = await crawl(client, user, user === contact ? [] : reports)
      pages += texts.length
      for (const { path, pdf } of texts) if (pdf) pdfs.add(path.replace(/\d+/g, 'N'))
      for (const { path, text } of texts)
        for (const code of codes) {
          const found = new RegExp(`(^|[^\\p{L}_])${code}($|[^\\p{L}_])`, 'u').exec(text)
          if (found)
            leaks.push(
              `${user.email} ${path}: "${code}" in …${text.slice(Math.max(0, found.index - 50), found.index + 50).replace(/\s+/g, ' ')}…`
            )
        }
    }
    assert.isAbove(pages, 60, 'the crawl reached the pages')
    // the invoice and credit-note PDFs and the supplier follow-up were read too
    assert.include([...pdfs], '/fakturor/N/pdf')
    assert.include([...pdfs], '/samtal/N-N/leverantorsrapport')
    assert.include([...pdfs], '/rapporter/tertial/N/N/pdf')
    assert.deepEqual(leaks, [])
  }).timeout(300_000)
})
