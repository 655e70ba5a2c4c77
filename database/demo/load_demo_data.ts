/**
 * Loads the demo data (fictional people, realistic register). Re-runnable: organisations
 * and users are upserted by their natural keys; passwords are set only when a demo user
 * is created.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { ImportResult } from '#actions/imports/run_csv_import'
import { importExtensions } from '#actions/extensions/import_extensions'
import { importHeadcount } from '#actions/headcount/import_headcount'
import { importSupplierInvoice } from '#actions/supplier_invoices/import_supplier_invoice'
import { importCosts } from '#actions/costs/import_costs'
import { importCalls } from '#actions/calls/import_calls'
import { generateCalls } from '#database/demo/generate_calls'
import { monthOf, previousMonth, todayInStockholm } from '#domain/periods'
import { demoWeekday } from '#database/demo/demo_dates'
import { formatMonth } from '#domain/formatting'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { createExportBatch } from '#actions/month_end/export_batches'
import { inDefaultLanguage } from '#services/messages'
import { monthQuality } from '#queries/quality/month_quality'
import {
  acknowledgeRoutine,
  createRoutine,
  publishRoutine,
  saveDraft,
} from '#actions/routines/routines'
import {
  markRead,
  markSolution,
  moderate,
  reply,
  startThread,
  subscribe,
} from '#actions/forum/forum'
import { createMeeting, publishMinutes, respond } from '#actions/meetings/meetings'
import { answerSurvey, createSurvey, setSurveyStatus } from '#actions/surveys/surveys'
import {
  demoCosts,
  demoExtensionSnapshots,
  demoHeadcount,
  demoSupplierInvoice,
  demoLateSupplierInvoice,
} from '#database/demo/register_files'
import { reportPost } from '#actions/forum/report_post'
import Organisation from '#models/organisation'
import User from '#models/user'
import { upsertOrganisation } from '#actions/organisations/save_organisation'
import {
  DEMO_ORGANISATIONS,
  DEMO_PASSWORD,
  DEMO_USERS,
  demoInvoiceDetails,
} from '#database/demo/organisations'

/** Write a demo file under tmp/demo and read it through the real import. */
async function importDemoFile(
  name: string,
  bytes: Buffer,
  run: (request: {
    filePath: string
    fileName: string
    userId: number | null
  }) => Promise<ImportResult>
) {
  const dir = app.tmpPath('demo')
  await mkdir(dir, { recursive: true })
  const filePath = join(dir, name)
  await writeFile(filePath, bytes)
  const result = await run({ filePath, fileName: name, userId: null })
  if (result.status === 'rejected') {
    throw new Error(
      `Demofilen ${name} avvisades: ${result.errors.map((e) => e.message).join('; ')}`
    )
  }
  return result
}

/**
 * Registers and supplier files for the demo: the extensions register at the key date
 * (last day of October last year) and a later snapshot, headcount, the supplier's
 * invoice and the e-service costs of last month.
 */
async function loadDemoRegisters() {
  const today = todayInStockholm()
  const lastMonth = previousMonth(monthOf(today))
  const keyYear = Number(today.slice(0, 4)) - 1
  const snapshots = demoExtensionSnapshots()
  await importDemoFile(`anknytningar-${keyYear}-10-31.csv`, snapshots.keyDate, (request) =>
    importExtensions(request, { asOf: `${keyYear}-10-31` })
  )
  await importDemoFile(`anknytningar-${lastMonth}-01.csv`, snapshots.later, (request) =>
    importExtensions(request, { asOf: `${lastMonth}-01` })
  )
  const months = [`${keyYear}-10`, previousMonth(lastMonth), lastMonth]
  await importDemoFile('anstallda.csv', demoHeadcount(months), importHeadcount)
  await importDemoFile(
    'kostnader-etjanst.csv',
    demoCosts([previousMonth(lastMonth), lastMonth]),
    importCosts
  )

  // two months of calls from the supplier, transferred to extensions of the register —
  // except a handful of Bromma's, which Oanvända anknytningar then shows for removal
  const register = await db.from('extensions').whereNull('valid_to').select('number')
  const unused = new Set(await demoUnusedExtensions())
  const extensions = [
    ...register.map((row) => row.number as string).filter((number) => !unused.has(number)),
    '0850877701',
    '0850877702',
  ]
  for (const [index, month] of [previousMonth(lastMonth), lastMonth].entries()) {
    const filePath = join(app.tmpPath('demo'), `samtal-${month}.csv`)
    // the month before last meets the contract's targets, last month misses them
    const quality =
      index === 0 ? { waitScale: 100, abandonShare: 0.05 } : { waitScale: 140, abandonShare: 0.075 }
    await generateCalls(filePath, 150_000, {
      month,
      seed: 7 + index,
      extensions,
      idPrefix: 'LEV',
      ...quality,
    })
    const result = await importCalls({ filePath, fileName: `samtal-${month}.csv`, userId: null })
    if (result.status === 'rejected')
      throw new Error(`Demosamtalen ${month} avvisades: ${result.errors[0]?.message}`)
  }

  // the supplier's invoices: the month before last agrees with the call records, last
  // month invoices 1,2 % more calls than answered (flagged until the coordinator explains)
  const monthBefore = previousMonth(lastMonth)
  for (const [month, factor, invoiceDate] of [
    [monthBefore, 1, `${lastMonth}-05`],
    [lastMonth, 1.012, `${monthOf(today)}-05`],
  ] as const) {
    // re-runs keep the invoice already read (the calls may have changed since)
    if (
      await db
        .from('supplier_invoices')
        .where('invoice_number', `LF-${month.replace('-', '')}-01`)
        .first()
    )
      continue
    const { figures } = await monthQuality(month)
    const answered = Math.round(figures.answered * factor)
    await importDemoFile(
      `leverantorsfaktura-${month}.csv`,
      demoSupplierInvoice(month, `LF-${month.replace('-', '')}-01`, invoiceDate, answered),
      importSupplierInvoice
    )
  }
}

/**
 * The month-end as a newcomer should find it: the month before last allocated, approved
 * and invoiced (PDFs, numbers), last month allocated as a draft waiting for a controller.
 */
async function loadDemoMonthEnd() {
  const lastMonth = previousMonth(monthOf(todayInStockholm()))
  const monthBefore = previousMonth(lastMonth)
  const controller = await User.findByOrFail('email', 'controller@stad.example')
  const coordinator = await User.findByOrFail('email', 'samordnare@stad.example')
  const invoiced = await db
    .from('periods')
    .where('period', monthBefore)
    .where('status', 'invoiced')
    .first()
  if (!invoiced) {
    const result = await runAllocation(monthBefore, coordinator.id)
    if (!result.ok) throw new Error(result.errors.join(' '))
    await setPeriodApproval(monthBefore, true, controller.id)
    await issueInvoices(monthBefore, controller.id)
  }
  // the controller has sent the invoiced month to the finance system: export batch 1
  if (!(await db.from('export_batches').first())) {
    const batch = await createExportBatch(controller.id)
    if (!batch.ok) throw new Error(inDefaultLanguage(batch.error))
  }
  // after invoicing, the supplier sends a supplementary invoice for that month: a late
  // input, adjusted on last month's invoices (docs/adr/0015)
  const lateNumber = `LF-${monthBefore.replace('-', '')}-02`
  if (!(await db.from('supplier_invoices').where('invoice_number', lateNumber).first())) {
    await importDemoFile(
      `leverantorsfaktura-${monthBefore}-tillagg.csv`,
      demoLateSupplierInvoice(monthBefore, lateNumber, `${lastMonth}-20`),
      importSupplierInvoice
    )
  }
  const current = await db.from('periods').where('period', lastMonth).first()
  if (!current || current.status === 'draft') await runAllocation(lastMonth, coordinator.id)
}

/** A few deviations reported by the demo contacts last month, in different states. */
async function loadDemoDeviations() {
  if (await db.from('deviations').first()) return
  const lastMonth = previousMonth(monthOf(todayInStockholm()))
  const contact = async (email: string) => User.findByOrFail('email', email)
  const bromma = await contact('telefoni.bromma@stad.example')
  const utbf = await contact('telefoni.utbf@stad.example')
  const hem = await contact('telefoni.stockholmshem@stad.example')
  // a contact attaches only a call transferred to their own organisation
  const call = await db
    .from('call_records')
    .where('started_at', '>=', `${lastMonth}-10`)
    .where('organisation_id', bromma.organisationId!)
    .first()
  const rows = [
    {
      user: bromma,
      day: '06',
      type: 'felkopplat',
      status: 'atgardad',
      text: 'En invånare som sökte hemtjänsten kopplades till förskoleförvaltningen två gånger.',
      answer: 'Leverantören har uppdaterat kopplingslistan för Bromma; felet ska inte upprepas.',
      callId: call?.call_id,
    },
    {
      user: utbf,
      day: '12',
      type: 'lang_vantetid',
      status: 'skickad_till_leverantor',
      text: 'Föräldrar har hört av sig om väntetider över tio minuter måndag förmiddag.',
      answer: null,
    },
    {
      user: hem,
      day: '19',
      type: 'bemotande',
      status: 'under_utredning',
      text: 'En hyresgäst upplevde telefonisten som otrevlig vid felanmälan.',
      answer: null,
    },
    {
      user: bromma,
      day: '24',
      type: 'tekniskt_fel',
      status: 'ny',
      text: 'Samtal till reception Bromma bröts efter kopplingen.',
      answer: null,
    },
  ] as const
  for (const row of rows) {
    await db.table('deviations').insert({
      organisation_id: row.user.organisationId,
      reported_by: row.user.id,
      occurred_at: `${lastMonth}-${row.day} 09:30+01`,
      entry_number: '0850811000',
      type: row.type,
      description: row.text,
      call_id: 'callId' in row ? (row.callId ?? null) : null,
      status: row.status,
      answer: row.answer,
      closed_at: row.status === 'atgardad' ? new Date() : null,
      forwarded_at: row.status === 'skickad_till_leverantor' ? new Date() : null,
    })
  }
}

/** Routines: one requiring acknowledgement with a significant second version, one without. */
async function loadDemoRoutines() {
  if (await db.from('routines').first()) return
  const coordinator = await User.findByOrFail('email', 'samordnare@stad.example')
  // the categories a clean installation starts with (migration 0029), and one the
  // coordinator has archived, so the category page shows every state
  const category = async (name: string) =>
    (await db.from('routine_categories').where('name', name).firstOrFail()) as { id: number }
  const vaxeln = await category('Växeln och vidarekoppling')
  const bemotande = await category('Bemötande')
  await db
    .table('routine_categories')
    .insert({ name: 'Telefonistlistor (före 2025)', sort_order: 90, archived_at: new Date() })
  const v1 =
    '# Vidarekoppling vid frånvaro\n\nNär du är borta mer än en timme:\n\n- koppla om din anknytning till en kollega eller till svarsgruppen,\n- uppdatera frånvaron i kalendern, så ser telefonisten den.\n'
  const v2 =
    v1 + '- vid längre frånvaro än en vecka: meddela växelsamordnaren, så ändras kopplingslistan.\n'
  const routineId = await createRoutine(
    {
      categoryId: vaxeln.id,
      title: 'Vidarekoppling vid frånvaro',
      body: v1,
      requiresAcknowledgement: true,
    },
    coordinator.id
  )
  await publishRoutine(routineId, 'Första versionen', true, coordinator.id)
  for (const email of ['telefoni.bromma@stad.example', 'telefoni.utbf@stad.example']) {
    const reader = await User.findByOrFail('email', email)
    await acknowledgeRoutine(routineId, reader.id)
  }
  await saveDraft(routineId, {
    categoryId: vaxeln.id,
    title: 'Vidarekoppling vid frånvaro',
    body: v2,
    requiresAcknowledgement: true,
  })
  await publishRoutine(routineId, 'Längre frånvaro ska meddelas samordnaren', true, coordinator.id)
  const utbfReader = await User.findByOrFail('email', 'telefoni.utbf@stad.example')
  await acknowledgeRoutine(routineId, utbfReader.id)
  const second = await createRoutine(
    {
      categoryId: bemotande.id,
      title: 'Så svarar vi när samtalet kopplas',
      body: '# Så svarar vi\n\nSvara med förvaltningens namn och ditt förnamn. Har samtalet kopplats fel: ta emot det ändå och hjälp den som ringer vidare, **lägg aldrig på**.\n\nSe även [stadens riktlinjer för bemötande](https://stad.example/bemotande).',
      requiresAcknowledgement: false,
    },
    coordinator.id
  )
  await publishRoutine(second, 'Första versionen', false, coordinator.id)
  const outage = await createRoutine(
    {
      categoryId: vaxeln.id,
      title: 'Rutin för växeln vid driftstörning',
      body: '# Driftstörning i växeln\n\n1. Ring leverantörens driftnummer och anmäl störningen.\n2. Meddela samordnaren, som informerar alla telefoniansvariga.\n3. Lägg ut ett meddelande på intranätet om vilka nummer som fungerar.\n\nNär störningen är över: rapportera en **avvikelse** av typen *tekniskt fel* med tider.',
      requiresAcknowledgement: false,
    },
    coordinator.id
  )
  await publishRoutine(outage, 'Första versionen', false, coordinator.id)
}

/** Forum: a solved question, an open discussion and a pinned thread from the coordinator. */
async function loadDemoForum() {
  if (await db.from('forum_threads').first()) return
  const user = (email: string) => User.findByOrFail('email', email)
  const coordinator = await user('samordnare@stad.example')
  const bromma = await user('telefoni.bromma@stad.example')
  const utbf = await user('telefoni.utbf@stad.example')
  const hem = await user('telefoni.stockholmshem@stad.example')
  const category = async (name: string) => {
    const row = await db.from('forum_categories').where('name', name).firstOrFail()
    return row.id as number
  }

  const pinned = await startThread(
    {
      categoryId: await category('Allmänt'),
      title: 'Välkommen till forumet för telefoniansvariga',
      body: 'Här frågar vi varandra och delar tips. Rutiner finns under **Rutiner**; avvikelser rapporteras under **Samtal & kvalitet**.',
    },
    coordinator.id
  )
  await moderate({ threadId: pinned }, 'pin', '', coordinator.id)

  const question = await startThread(
    {
      categoryId: await category('Vidarekoppling och hänvisning'),
      title: 'Hänvisning under sommaren när receptionen är stängd?',
      body: 'Vår reception är stängd v. 28–31. Hur gör ni med hänvisningen så att telefonisten vet vart samtalen ska?',
    },
    bromma.id
  )
  const answer = await reply(
    question,
    'Vi lägger in en gemensam frånvaro på **svarsgruppen** och skickar listan till samordnaren två veckor innan. Det har fungerat bra.',
    utbf.id
  )
  await reply(question, 'Tack! Vi gör likadant i år.', bromma.id)
  if (answer.ok) await markSolution(answer.postId, { id: bromma.id, isCoordinator: false })
  await markRead(question, bromma.id)

  const open = await startThread(
    {
      categoryId: await category('Teknik och anknytningar'),
      title: 'Nya mobilabonnemang – behöver anknytningen flyttas?',
      body: 'Vi byter till mobila anknytningar i januari. Måste vi anmäla varje nummer till växeln?',
    },
    hem.id
  )
  await reply(
    open,
    'Ja, anknytningsregistret ska uppdateras före nyckeldatum 31/10, annars hamnar kostnaden fel i fördelningen.',
    coordinator.id
  )
  await subscribe(bromma.id, { categoryId: await category('Teknik och anknytningar') }, true)
  const listQuestion = await reply(
    open,
    'Vi på Bromma står också inför bytet. Finns det en lista över vad som ska anmälas? Ring mig på 070-123 45 67.',
    bromma.id
  )
  // a reported post, so the coordinator's "Väntar på dig" shows one
  if (listQuestion.ok)
    await reportPost(listQuestion.postId, 'Innehåller ett privat mobilnummer', hem.id)
}

/** Network meetings: last month's with minutes and the quality report attached, and the next one with answers. */
async function loadDemoMeetings() {
  if (await db.from('meetings').first()) return
  const user = (email: string) => User.findByOrFail('email', email)
  const coordinator = await user('samordnare@stad.example')
  const contacts = await Promise.all(
    [
      'telefoni.bromma@stad.example',
      'telefoni.utbf@stad.example',
      'telefoni.stockholmshem@stad.example',
      'telefoni.socf@stad.example',
    ].map(user)
  )
  const reportMonth = previousMonth(previousMonth(monthOf(todayInStockholm())))
  const past = await createMeeting(
    {
      title: `Hänvisningar inför sommaren och kvaliteten i ${formatMonth(reportMonth)}`,
      date: demoWeekday(-14),
      startTime: '13:00',
      endTime: '15:00',
      place: 'Stadshuset, sal Tre Kronor',
      videoUrl: 'https://teams.stad.example/natverk',
      agenda:
        '1. Välkomna och presentationsrunda\n2. Leverantörens kvalitet: svarsandel och avbrutna samtal\n3. Hänvisning och vidarekoppling vid frånvaro\n4. Övriga frågor',
      period: reportMonth,
    },
    coordinator.id
  )
  if (!past.ok) throw new Error(past.error)
  for (const [index, contact] of contacts.entries())
    await respond(past.id, contact.id, index === 3 ? 'nej' : 'ja')
  await publishMinutes(
    past.id,
    {
      minutes:
        '**Närvarande:** Bromma, Utbildningsförvaltningen, Stockholmshem och samordnaren.\n\n1. Svarsandelen låg under målet 85 % två veckor i rad; samordnaren tar upp det med leverantören.\n2. Vidarekoppling vid frånvaro: alla uppdaterar sin hänvisning före semestern enligt rutinen *Vidarekoppling vid frånvaro*.\n3. Nästa träff planeras om en månad.',
    },
    coordinator.id
  )
  const next = await createMeeting(
    {
      title: 'Mobila anknytningar och årets enkät',
      date: demoWeekday(10),
      startTime: '09:30',
      endTime: '11:00',
      videoUrl: 'https://teams.stad.example/natverk',
      agenda:
        '1. Bytet till mobila anknytningar – vad ska anmälas till växeln?\n2. Resultatet av nöjdhetsenkäten\n3. Avvikelser: vad har hänt med era rapporter?',
    },
    coordinator.id
  )
  if (!next.ok) throw new Error(next.error)
  await respond(next.id, contacts[1].id, 'ja')
  await respond(next.id, contacts[2].id, 'kanske')
}

/** Last year's survey, closed with its results, and this year's, open, answered by one contact so far. */
async function loadDemoSurveys() {
  if (await db.from('surveys').first()) return
  const coordinator = await User.findByOrFail('email', 'samordnare@stad.example')
  const contact = (email: string) => User.findByOrFail('email', email)
  const questions = [
    'Hur nöjd är du med samordningen av växeltjänsten?',
    'Hur nöjd är du med telefonisternas bemötande av dem som ringer?',
    'Hur lätt är det att hitta och förstå rutinerna?',
    'Hur nöjd är du med nätverksträffarna?',
  ]
  const year = Number(todayInStockholm().slice(0, 4))
  const last = await createSurvey(
    { title: `Nöjdhetsenkät till telefoniansvariga ${year - 1}`, year: year - 1, questions },
    coordinator.id
  )
  await setSurveyStatus(last, 'oppen', coordinator.id)
  const lastQuestions = await db
    .from('survey_questions')
    .where('survey_id', last)
    .orderBy('position')
  const questionIds = lastQuestions.map((q) => `q${q.id}`)
  // five answers at least: a survey shows its results only from five (docs/adr/0011)
  const answers: [string, number[], string | null][] = [
    ['telefoni.bromma@stad.example', [5, 4, 3, 5], 'Bra att vi träffas regelbundet.'],
    ['telefoni.utbf@stad.example', [4, 5, 4, 4], null],
    [
      'telefoni.stockholmshem@stad.example',
      [4, 4, 2, 5],
      'Rutinerna är svåra att hitta på intranätet.',
    ],
    ['telefoni.socf@stad.example', [5, 5, 4, 4], null],
    ['telefoni.farsta@stad.example', [3, 4, 3, 4], 'Svaren på avvikelser dröjer ibland.'],
    ['telefoni.af@stad.example', [5, 4, 4, 5], null],
  ]
  for (const [email, scores, text] of answers) {
    const respondent = await contact(email)
    const result = await answerSurvey(
      last,
      respondent.id,
      Object.fromEntries(questionIds.map((id, index) => [id, scores[index]])),
      text
    )
    if (!result.ok) throw new Error(result.error)
  }
  await setSurveyStatus(last, 'stangd', coordinator.id)

  const current = await createSurvey(
    { title: `Nöjdhetsenkät till telefoniansvariga ${year}`, year, questions },
    coordinator.id
  )
  await setSurveyStatus(current, 'oppen', coordinator.id)
  const currentQuestions = await db
    .from('survey_questions')
    .where('survey_id', current)
    .orderBy('position')
  const currentIds = currentQuestions.map((q) => `q${q.id}`)
  const utbfRespondent = await contact('telefoni.utbf@stad.example')
  const answered = await answerSurvey(
    current,
    utbfRespondent.id,
    Object.fromEntries(currentIds.map((id) => [id, 5])),
    'Forumet har blivit ett bra stöd.'
  )
  if (!answered.ok) throw new Error(answered.error)
}

/** The organisations and the demo users: every other step hangs on them. */
export async function loadDemoPeople() {
  await db.transaction(async (trx) => {
    for (const [
      index,
      [code, name, kind, costCentre, activeFrom, activeTo, connectedFrom],
    ] of DEMO_ORGANISATIONS.entries()) {
      await upsertOrganisation(
        trx,
        {
          code,
          name,
          kind,
          costCentre,
          invoiceReference: `Telefoni ${code}`,
          activeFrom,
          activeTo,
          connectedFrom,
          connectedTo: activeTo,
          ...demoInvoiceDetails(code, kind, index),
        },
        null
      )
    }
    const organisations = await Organisation.query({ client: trx }).select('id', 'code')
    const idByCode = new Map(
      organisations.map((organisation) => [organisation.code, organisation.id])
    )
    for (const demo of DEMO_USERS) {
      const existing = await User.query({ client: trx }).where('email', demo.email).first()
      const organisationId = demo.organisation ? idByCode.get(demo.organisation)! : null
      if (existing) {
        existing.useTransaction(trx)
        existing.merge({ fullName: demo.fullName, role: demo.role, organisationId })
        await existing.save()
      } else {
        await User.create(
          {
            email: demo.email,
            fullName: demo.fullName,
            role: demo.role,
            organisationId,
            password: DEMO_PASSWORD,
            isActive: true,
            mustChangePassword: false,
          },
          { client: trx }
        )
      }
    }
  })
  return { organisations: DEMO_ORGANISATIONS.length, users: DEMO_USERS.length }
}

/** Registers, two months of calls, the month-end and the community (after `loadDemoPeople`). */
export async function loadDemoData() {
  await loadDemoRegisters()
  // issue 15 point 6: the sender's contact and bankgiro, before any invoice is issued
  const { loadDemoInvoiceIssuer } = await import('#database/demo/invoice_issuer')
  await loadDemoInvoiceIssuer()
  await loadDemoMonthEnd()
  await loadDemoDeviations()
  await loadDemoRoutines()
  await loadDemoForum()
  await loadDemoMeetings()
  await loadDemoSurveys()
}

/** How many of Bromma's extensions get no calls in the demo (unused extensions). */
const UNUSED_DEMO_EXTENSIONS = 6

/** The demo's unused extensions: Bromma's first few in the register (by number). */
export async function demoUnusedExtensions() {
  const rows = await db
    .from('extensions as e')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .where('o.code', 'SDF-BROMMA')
    .whereNull('e.valid_to')
    .orderBy('e.number')
    .limit(UNUSED_DEMO_EXTENSIONS)
    .select('e.number')
  return rows.map((row) => row.number as string)
}
