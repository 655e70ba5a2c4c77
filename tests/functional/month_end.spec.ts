import { storagePath } from '#services/storage'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { readFile } from 'node:fs/promises'
import { DateTime } from 'luxon'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { UserFactory, createContact } from '#database/factories/user_factory'
import { formatOre } from '#domain/formatting'
import { pdfPageCount, pdfText, plain } from '#tests/helpers/pdf_text'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'
import { aceJson } from '#tests/helpers/control_loop_city'
import { inDefaultLanguage } from '#services/messages'
import type { StoredMessage } from '#domain/coded_message'

/**
 * A small city: two administrations, one company, one closed administration and one
 * company that joins the switchboard later. Key date 2025-10-31, period 2026-10.
 */
async function smallCity() {
  const bromma = await OrganisationFactory.merge({
    code: 'SDF-BROMMA',
    name: 'Bromma stadsdelsförvaltning',
  }).create()
  const utbf = await OrganisationFactory.merge({
    code: 'UTBF',
    name: 'Utbildningsförvaltningen',
  }).create()
  const hem = await OrganisationFactory.merge({
    code: 'STOCKHOLMSHEM',
    name: 'AB Stockholmshem',
    kind: 'bolag',
  }).create()
  const closed = await OrganisationFactory.merge({
    code: 'SDF-ALVSJO',
    activeTo: DateTime.fromISO('2019-12-31'),
  }).create()
  const late = await OrganisationFactory.merge({
    code: 'PARKERING',
    kind: 'bolag',
    connectedFrom: DateTime.fromISO('2026-11-01'),
  }).create()
  const extensions = (organisationId: number, count: number, offset: number) =>
    Array.from({ length: count }, (_, i) => ({
      number: `08508${offset + i}`,
      organisation_id: organisationId,
      valid_from: '2025-01-01',
    }))
  await db
    .table('extensions')
    .multiInsert([
      ...extensions(bromma.id, 3, 10000),
      ...extensions(utbf.id, 2, 20000),
      ...extensions(hem.id, 2, 30000),
      ...extensions(closed.id, 1, 40000),
      ...extensions(late.id, 5, 50000),
    ])
  // headcount October 2025: UTBF has none (a warning, counted as 0)
  await db
    .table('headcounts')
    .insert({ organisation_id: bromma.id, month: '2025-10', employees: 1200 })
  await db.table('supplier_invoices').insert({
    invoice_number: 'LF-1',
    invoice_date: '2026-11-05',
    period: '2026-10',
    net_ore: 100_000_00,
    content_hash: 'x',
  })
  const etjanst = await db.from('cost_pools').where('code', 'ETJANST').firstOrFail()
  await db.table('cost_entries').insert({
    period: '2026-10',
    cost_pool_id: etjanst.id,
    amount_ore: 45_000_00,
    text: 'Licens',
    line_number: 2,
  })
  return { bromma, utbf, hem, closed, late }
}

const shares = (pool: { shares: { organisation: string; amountOre: number }[] }) =>
  Object.fromEntries(pool.shares.map((share) => [share.organisation, share.amountOre]))

test.group('Month-end / allocation', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('each pool is shared by its participants at the key date, exactly to the öre', async ({
    assert,
  }) => {
    await smallCity()
    const result = await runAllocation('2026-10', null)
    assert.isTrue(result.ok)
    if (!result.ok) return
    const [telefonist, samordning, etjanst] = result.pools
    assert.deepEqual(
      {
        code: telefonist.code,
        amountOre: telefonist.amountOre,
        keyDate: telefonist.keyDate,
        total: telefonist.total,
      },
      { code: 'TELEFONIST', amountOre: 100_000_00, keyDate: '2025-10-31', total: 7 }
    )
    // 100 000 kr over 3 + 2 + 2 extensions: 42 857,14 + 28 571,43 + 28 571,43 (remainder ties → lower code)
    assert.deepEqual(shares(telefonist), {
      'SDF-BROMMA': 4285714,
      'STOCKHOLMSHEM': 2857143,
      'UTBF': 2857143,
    })
    assert.equal(samordning.amountOre, 150_000_00)
    assert.equal(
      samordning.shares.reduce((sum, s) => sum + s.amountOre, 0),
      150_000_00
    )
    // e-service: administrations only, by headcount of October 2025; UTBF has none → 0
    assert.deepEqual(shares(etjanst), { 'SDF-BROMMA': 45_000_00, 'UTBF': 0 })
    assert.match(result.warnings.join(' '), /ETJANST: antal anställda saknas för 2025-10 hos UTBF/)
    assert.match(
      result.warnings.join(' '),
      /1 anknytning per 2025-10-31 hör till organisationer som inte är aktiva/
    )
  })

  test('a contact sees their share without the office’s internal warnings, and their start page says the figure is a draft without VAT', async ({
    client,
    assert,
  }) => {
    const { bromma } = await smallCity()
    await runAllocation('2026-10', null)
    const { user: contact } = await createContact({ organisationId: bromma.id })
    const coordinator = await UserFactory.create()
    const warning = 'hör till organisationer som inte är aktiva'
    const office = await client.get('/kostnadsfordelning/2026-10').loginAs(coordinator)
    office.assertTextIncludes(warning)
    const page = await client.get('/kostnadsfordelning/2026-10').loginAs(contact)
    page.assertStatus(200)
    assert.notInclude(page.text(), warning)
    assert.notInclude(page.text(), 'antal anställda saknas')
    const start = await client.get('/oversikt').loginAs(contact)
    start.assertTextIncludes('Preliminär kostnad oktober 2026, exkl. moms (utkast)')
  })

  test('a pool with no basis at the key date is an error naming the pool; nothing is stored', async ({
    assert,
  }) => {
    await OrganisationFactory.merge({ code: 'UTBF' }).create()
    const result = await runAllocation('2026-10', null)
    assert.isFalse(result.ok)
    if (result.ok) return
    assert.match(
      inDefaultLanguage(result.errors[0]),
      /^TELEFONIST \(Telefonisttjänst\): fördelningsnyckeln per 2025-10-31 är noll/
    )
    const [{ count }] = await db.from('allocations').count('* as count')
    assert.equal(Number(count), 0)
  })

  test('re-running a draft after a register change updates it; an approved period must be reopened first', async ({
    assert,
  }) => {
    const { utbf } = await smallCity()
    await runAllocation('2026-10', null)
    await db
      .table('extensions')
      .insert({ number: '0850829999', organisation_id: utbf.id, valid_from: '2025-06-01' })
    const rerun = await runAllocation('2026-10', null)
    assert.isTrue(rerun.ok && rerun.pools[0].total === 8)
    await setPeriodApproval('2026-10', true, null)
    const refused = await runAllocation('2026-10', null)
    assert.isFalse(refused.ok)
    assert.match(
      inDefaultLanguage((refused as { errors: StoredMessage[] }).errors[0]),
      /är godkänd\. Öppna den igen/
    )
    await setPeriodApproval('2026-10', false, null)
    assert.isTrue((await runAllocation('2026-10', null)).ok)
  })
})

test.group('Month-end / invoices', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('invoices cannot be issued before a controller approves the period', async ({ assert }) => {
    await smallCity()
    await runAllocation('2026-10', null)
    const result = await issueInvoices('2026-10', null)
    assert.isFalse(result.ok)
    assert.match(inDefaultLanguage((result as { error: StoredMessage }).error), /inte godkänd/)
  })

  test('one invoice per organisation, gapless numbers, VAT for companies only, a PDF that shows the database amounts', async ({
    assert,
  }) => {
    await smallCity()
    await runAllocation('2026-10', null)
    await setPeriodApproval('2026-10', true, null)
    const result = await issueInvoices('2026-10', null)
    assert.isTrue(result.ok)
    if (!result.ok) return
    const year = new Date().getFullYear()
    assert.deepEqual(
      result.invoices.map((i) => [i.number, i.organisation]),
      [
        [`${year}-00001`, 'SDF-BROMMA'],
        [`${year}-00002`, 'STOCKHOLMSHEM'],
        [`${year}-00003`, 'UTBF'],
      ]
    )
    const hem = result.invoices[1]
    // a company pays 25 % (the setting): 71 428,57 kr → 17 857,1425 kr, rounded to the öre
    assert.equal(hem.netOre, 7_142_857)
    assert.equal(hem.vatOre, 1_785_714)
    assert.equal(result.invoices[0].vatOre, 0)

    for (const issued of result.invoices) {
      const invoice = await db.from('invoices').where('number', issued.number).firstOrFail()
      const lines = await db.from('invoice_lines').where('invoice_id', invoice.id)
      assert.equal(
        lines.reduce((sum, line) => sum + BigInt(line.amount_ore), 0n),
        BigInt(invoice.net_ore)
      )
      assert.equal(BigInt(invoice.total_ore), BigInt(invoice.net_ore) + BigInt(invoice.vat_ore))
      const text = await pdfText(await readFile(storagePath(invoice.pdf_path)))
      assert.include(text, issued.number)
      assert.include(text, plain(formatOre(BigInt(invoice.net_ore))))
      assert.include(text, plain(formatOre(BigInt(invoice.total_ore))))
      for (const line of lines) {
        assert.include(text, plain(line.basis_text))
        assert.include(text, plain(formatOre(BigInt(line.amount_ore))))
      }
    }
    const hemPdf = await readFile(storagePath(hem.pdf))
    assert.equal(await pdfPageCount(hemPdf), 1)
    const hemText = await pdfText(hemPdf)
    assert.include(hemText, '2 av 7 anknytningar, andel av 100 000,00 kr')
    assert.include(hemText, 'Moms 25 %')
  })

  test('issuing twice is harmless and the period is locked afterwards', async ({ assert }) => {
    await smallCity()
    await runAllocation('2026-10', null)
    await setPeriodApproval('2026-10', true, null)
    const first = await issueInvoices('2026-10', null)
    const second = await issueInvoices('2026-10', null)
    assert.isTrue(second.ok && second.alreadyInvoiced)
    assert.deepEqual(
      (second as { invoices: unknown[] }).invoices,
      (first as { invoices: unknown[] }).invoices
    )
    const rerun = await runAllocation('2026-10', null)
    assert.isFalse(rerun.ok)
    const [{ count }] = await db.from('invoices').count('* as count')
    assert.equal(Number(count), 3)
  })

  test('issued invoices can be neither changed nor deleted', async ({ assert }) => {
    await smallCity()
    await runAllocation('2026-10', null)
    await setPeriodApproval('2026-10', true, null)
    await issueInvoices('2026-10', null)
    await assert.rejects(
      () => db.transaction((trx) => trx.rawQuery('UPDATE invoices SET net_ore = 1')),
      /ändras eller tas aldrig bort/
    )
    await assert.rejects(
      () => db.transaction((trx) => trx.rawQuery('DELETE FROM invoice_lines')),
      /ändras eller tas aldrig bort/
    )
  })

  test('a credit note negates the original, takes the next number and names what it credits', async ({
    assert,
  }) => {
    await smallCity()
    await runAllocation('2026-10', null)
    await setPeriodApproval('2026-10', true, null)
    const issued = await issueInvoices('2026-10', null)
    const original = await db
      .from('invoices')
      .where('number', (issued as { invoices: { number: string }[] }).invoices[1].number)
      .firstOrFail()
    const credit = await creditInvoice(original.id, 'Fel antal anknytningar', null)
    assert.isTrue(credit.ok)
    const row = await db
      .from('invoices')
      .where('number', (credit as { number: string }).number)
      .firstOrFail()
    assert.equal(row.sequence, 4)
    assert.equal(BigInt(row.total_ore), -BigInt(original.total_ore))
    const text = await pdfText(await readFile(storagePath(row.pdf_path)))
    assert.include(text, 'Kreditfaktura')
    assert.include(text, `Krediterar faktura ${original.number}`)
    assert.include(text, plain(formatOre(-BigInt(original.total_ore))))
    const again = await creditInvoice(original.id, 'En gång till', null)
    assert.isFalse(again.ok)
  })

  test("a contact downloads their own invoice and gets 403 on another organisation's", async ({
    client,
    assert,
  }) => {
    const city = await smallCity()
    await runAllocation('2026-10', null)
    await setPeriodApproval('2026-10', true, null)
    await issueInvoices('2026-10', null)
    const { user } = await createContact()
    user.organisationId = city.bromma.id
    await user.save()
    const own = await db.from('invoices').where('organisation_id', city.bromma.id).firstOrFail()
    const other = await db.from('invoices').where('organisation_id', city.hem.id).firstOrFail()
    const ok = await client.get(`/fakturor/${own.id}/pdf`).loginAs(user)
    ok.assertStatus(200)
    ok.assertHeader('content-type', 'application/pdf')
    const forbidden = await client.get(`/fakturor/${other.id}/pdf`).loginAs(user)
    forbidden.assertStatus(403)
    const list = await client.get('/fakturor').loginAs(user)
    list.assertTextIncludes(own.number)
    assert.notInclude(list.text(), other.number)
  })

  test('the controller reads the warnings, approves and issues from the period page', async ({
    client,
  }) => {
    await smallCity()
    const run = await runAllocation('2026-10', null)
    const controller = await UserFactory.apply('controller').create()
    // the approval names the calculation the page showed
    const calculationId = (run as { calculationId: number }).calculationId
    // unread warnings block the approval (docs/adr/0024)
    if ((run as { warnings: string[] }).warnings.length > 0)
      await client
        .post('/kostnadsfordelning/2026-10/varningar-lasta')
        .loginAs(controller)
        .withCsrfToken()
        .form({ calculationId })
        .redirects(0)
    await client
      .post('/kostnadsfordelning/2026-10/godkann')
      .loginAs(controller)
      .withCsrfToken()
      .form({ calculationId })
      .redirects(0)
    const response = await client
      .post('/kostnadsfordelning/2026-10/fakturera')
      .loginAs(controller)
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage('success', '3 fakturor utfärdades för 2026-10; perioden är låst.')
    const page = await client.get('/kostnadsfordelning/2026-10').loginAs(controller)
    page.assertTextIncludes('Fakturerad (låst)')
  })
})

test.group('Month-end / finance export', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('every verification balances to exactly 0, with VAT on its own row for companies', async ({
    assert,
  }) => {
    const { journalRows, journalCsv } = await import('#actions/month_end/finance_export')
    await smallCity()
    assert.isFalse((await journalRows('2026-10')).ok)
    await runAllocation('2026-10', null)
    await setPeriodApproval('2026-10', true, null)
    await issueInvoices('2026-10', null)
    const result = await journalRows('2026-10')
    assert.isTrue(result.ok)
    if (!result.ok) return
    const byNumber = new Map<string, bigint>()
    for (const row of result.rows)
      byNumber.set(row.verification, (byNumber.get(row.verification) ?? 0n) + row.amountOre)
    assert.equal(byNumber.size, 3)
    assert.isTrue([...byNumber.values()].every((sum) => sum === 0n))
    // a debit of the total, one revenue credit per invoice line (TELEFONIST, SAMORDNING, and
    // ETJANST for Bromma only: UTBF's share is 0 and not on its invoice), VAT for the company
    assert.lengthOf(result.rows, 11)
    for (const row of result.rows.filter((r) => r.account === '3610')) {
      const [number] = row.verification.split(' ')
      const lines = await db
        .from('invoice_lines as l')
        .join('invoices as i', 'i.id', 'l.invoice_id')
        .where('i.number', number)
        .select('l.description', 'l.amount_ore')
      const line = lines.find((candidate) => row.text.endsWith(`: ${candidate.description}`))
      assert.equal(row.amountOre, -BigInt(line!.amount_ore))
    }
    const csv = journalCsv(result.rows)
    assert.isTrue(
      csv.startsWith('\ufeffVerifikation;Datum;Konto;Ansvar;Verksamhet;Belopp;Text\r\n')
    )
    assert.match(csv, /;6420;[^;]*;470;152142,86;Internfaktura/)
  })

  test('the SIE 4 file has one #VER per invoice with balanced #TRANS rows, in code page 437', async ({
    assert,
  }) => {
    const { journalRows, sieFile } = await import('#actions/month_end/finance_export')
    const iconv = (await import('iconv-lite')).default
    await smallCity()
    await runAllocation('2026-10', null)
    await setPeriodApproval('2026-10', true, null)
    await issueInvoices('2026-10', null)
    const result = await journalRows('2026-10')
    const text = iconv.decode(
      await sieFile('2026-10', (result as unknown as { rows: never[] }).rows),
      'cp437'
    )
    assert.include(text, '#SIETYP 4')
    assert.include(text, '#FNAMN "Serviceförvaltningen, Kontaktcenter - gemensam växel"')
    const verifications = text.split('#VER ').slice(1)
    assert.lengthOf(verifications, 3)
    for (const verification of verifications) {
      // read as integer öre ("-1234.50" → -123450n): no float on the way
      const amounts = [...verification.matchAll(/#TRANS \d+ \{1 "[^"]*"\} (-?\d+\.\d{2})/g)].map(
        (m) => BigInt(m[1].replace('.', ''))
      )
      assert.isAbove(amounts.length, 1)
      assert.equal(
        amounts.reduce((a, b) => a + b, 0n),
        0n
      )
    }
  })
})

test.group('Month-end / cost pools', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("the coordinator changes a pool's fixed amount (Swedish kronor) and its key date for a year, and the allocation follows", async ({
    client,
    assert,
  }) => {
    const { bromma } = await smallCity()
    await db
      .table('extensions')
      .insert({ number: '0850819999', organisation_id: bromma.id, valid_from: '2025-11-15' })
    const coordinator = await UserFactory.create()
    const pool = await db.from('cost_pools').where('code', 'SAMORDNING').firstOrFail()
    await client
      .put(`/kostnadsposter/${pool.id}`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        code: 'SAMORDNING',
        name: 'Samordning gemensam växel',
        basis: 'extensions',
        participantKinds: ['forvaltning', 'bolag'],
        amountSource: 'fixed',
        fixedMonthlyKronor: '210 000,00',
        switchboard: 'true',
        isActive: 'true',
        keyYear: 2026,
        keyDate: '2025-11-30',
      })
      .redirects(0)
    const result = await runAllocation('2026-10', null)
    assert.isTrue(result.ok)
    if (!result.ok) return
    const samordning = result.pools.find((p) => p.code === 'SAMORDNING')!
    assert.equal(samordning.amountOre, 210_000_00)
    assert.equal(samordning.keyDate, '2025-11-30')
    assert.equal(samordning.total, 8)
    // the other switchboard pool keeps the default key date
    assert.equal(result.pools.find((p) => p.code === 'TELEFONIST')!.keyDate, '2025-10-31')
  })

  test('a fixed pool without an amount is refused with a Swedish message', async ({ client }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .post('/kostnadsposter')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        code: 'NY',
        name: 'Ny post',
        basis: 'extensions',
        participantKinds: ['bolag'],
        amountSource: 'fixed',
        fixedMonthlyKronor: '12,345',
      })
      .redirects(0)
    response.assertFlashMessage('inputErrorsBag', {
      fixedMonthlyKronor: [
        'Fast belopp per månad har fler än 2 decimaler (ange kronor med högst två decimaler)',
      ],
    })
  })
})

test.group('Month-end / corrections', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("after a credit note a corrected invoice is issued once, with the register's current reference, naming the one it replaces", async ({
    assert,
  }) => {
    const { issueCorrectedInvoice } = await import('#actions/month_end/issue_invoices')
    const { hem } = await smallCity()
    await runAllocation('2026-10', null)
    await setPeriodApproval('2026-10', true, null)
    await issueInvoices('2026-10', null)
    const original = await db.from('invoices').where('organisation_id', hem.id).firstOrFail()
    const refused = await issueCorrectedInvoice(original.id, null)
    assert.isFalse(refused.ok)
    await db
      .from('organisations')
      .where('id', hem.id)
      .update({ invoice_reference: 'Rätt referens' })
    await creditInvoice(original.id, 'Fel fakturareferens', null)
    const corrected = await issueCorrectedInvoice(original.id, null)
    assert.isTrue(corrected.ok)
    if (!corrected.ok) return
    const row = await db.from('invoices').where('number', corrected.invoice.number).firstOrFail()
    assert.equal(row.reference, 'Rätt referens')
    assert.equal(row.total_ore, original.total_ore)
    assert.equal(row.sequence, 5)
    const text = await pdfText(await readFile(storagePath(row.pdf_path)))
    assert.include(text, `Ersätter faktura ${original.number} (krediterad)`)
    assert.isFalse((await issueCorrectedInvoice(original.id, null)).ok)
  })
})

test.group('Month-end / service credit and reconciliation', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  /** October 2026: 75 of 100 answered within 60 s (75 %), and the supplier's invoice. */
  async function supplierMonth(invoicedCalls: number) {
    await insertCallAggregates([
      {
        hour: '2026-10-05T07:00:00Z',
        outcome: 'besvarat',
        waitBucket: 30,
        calls: 75,
        cost: 296.25,
      },
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 90, calls: 25, cost: 98.75 },
    ])
    const [invoice] = await db
      .table('supplier_invoices')
      .insert({
        invoice_number: 'LF-Q',
        invoice_date: '2026-11-05',
        period: '2026-10',
        net_ore: 250_000_00 + invoicedCalls * 395,
        content_hash: 'q',
      })
      .returning('id')
    await db.table('supplier_invoice_lines').multiInsert([
      {
        supplier_invoice_id: invoice.id,
        line_number: 1,
        article: 'FAST',
        quantity: 1,
        price: 250000,
        amount_ore: 250_000_00,
      },
      {
        supplier_invoice_id: invoice.id,
        line_number: 2,
        article: 'SAMTAL',
        quantity: invoicedCalls,
        price: 3.95,
        amount_ore: invoicedCalls * 395,
      },
    ])
  }

  test('a missed service level proposes the contract credit; accepted, it reduces the TELEFONIST pool', async ({
    client,
    assert,
  }) => {
    await smallCity()
    await db.from('supplier_invoices').where('invoice_number', 'LF-1').delete()
    await supplierMonth(100)
    const coordinator = await UserFactory.create()
    const page = await client.get('/samtal?manad=2026-10').loginAs(coordinator)
    // 85 − 75 = 10 whole points → 10 % of 250 000 kr
    page.assertTextIncludes('Föreslaget vite: 25\u00a0000,00\u00a0kr')
    await client
      .post('/samtal/2026-10/vite')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ decision: 'accept', comment: 'Svarsandelen låg under målet hela månaden.' })
      .redirects(0)
    const result = await runAllocation('2026-10', null)
    assert.isTrue(result.ok)
    if (!result.ok) return
    assert.equal(result.pools[0].amountOre, 250_000_00 + 100 * 395 - 25_000_00)
    const allocation = await db
      .from('allocations')
      .where('period', '2026-10')
      .orderBy('cost_pool_id')
      .firstOrFail()
    assert.deepInclude(allocation.sources, {
      type: 'service_credit',
      period: '2026-10',
      amountOre: '-2500000',
    })
  })

  test('a waived credit leaves the pool unchanged, and a comment is required', async ({
    client,
    assert,
  }) => {
    await smallCity()
    await db.from('supplier_invoices').where('invoice_number', 'LF-1').delete()
    await supplierMonth(100)
    const coordinator = await UserFactory.create()
    await client.get('/samtal?manad=2026-10').loginAs(coordinator)
    const refused = await client
      .post('/samtal/2026-10/vite')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ decision: 'waive' })
      .redirects(0)
    refused.assertFlashMessage('inputErrorsBag', { comment: ['Kommentar måste fyllas i'] })
    await client
      .post('/samtal/2026-10/vite')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ decision: 'waive', comment: 'Tekniskt fel hos operatören, inte leverantören.' })
      .redirects(0)
    const result = await runAllocation('2026-10', null)
    assert.equal(
      (result as { pools: { amountOre: number }[] }).pools[0].amountOre,
      250_000_00 + 100 * 395
    )
  })

  test('invoiced calls that differ from the answered ones by more than 0,5 % block approval until explained', async ({
    client,
    assert,
  }) => {
    await smallCity()
    await db.from('supplier_invoices').where('invoice_number', 'LF-1').delete()
    await supplierMonth(102)
    await runAllocation('2026-10', null)
    const blocked = await setPeriodApproval('2026-10', true, null)
    assert.isFalse(blocked.ok)
    assert.match(
      inDefaultLanguage((blocked as { error: StoredMessage }).error),
      /stämmer inte med samtalsposterna \(mer än 0,5 % skillnad\)/
    )
    const coordinator = await UserFactory.create()
    await client
      .post('/samtal/2026-10/avstamning')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ explanation: 'Två samtal fakturerades dubbelt; krediteras på nästa faktura.' })
      .redirects(0)
    assert.isTrue((await setPeriodApproval('2026-10', true, null)).ok)
  })
})

test.group('Quality targets', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('new targets from a date apply to later months; older months keep the targets of their time', async ({
    client,
    assert,
  }) => {
    const { monthQuality } = await import('#queries/quality/month_quality')
    const coordinator = await UserFactory.create()
    await client
      .post('/samtal/mal')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        validFrom: '2026-07-01',
        targetSeconds: 30,
        serviceLevelTarget: '80',
        abandonRateTarget: '6,5',
        shortAbandonSeconds: 3,
      })
      .redirects(0)
    await insertCallAggregates([
      { hour: '2026-06-10T07:00:00Z', outcome: 'besvarat', waitBucket: 45, calls: 10 },
      { hour: '2026-08-10T07:00:00Z', outcome: 'besvarat', waitBucket: 45, calls: 10 },
    ])
    const june = await monthQuality('2026-06')
    const august = await monthQuality('2026-08')
    assert.equal(june.targets.targetSeconds, 60)
    assert.equal(june.figures.serviceLevel, 1)
    assert.deepInclude(august.targets, {
      targetSeconds: 30,
      serviceLevelTarget: 0.8,
      abandonRateTarget: 0.065,
      shortAbandonSeconds: 3,
    })
    assert.equal(august.figures.serviceLevel, 0)
  })

  test('a target time that is not a bucket boundary is refused in Swedish', async ({ client }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .post('/samtal/mal')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({
        validFrom: '2026-07-01',
        targetSeconds: 42,
        serviceLevelTarget: '80',
        abandonRateTarget: '5',
        shortAbandonSeconds: 5,
      })
      .redirects(0)
    response.assertFlashMessage('inputErrorsBag', {
      targetSeconds: [
        'Målsekunder måste vara högst 10, en multipel av 5 upp till 180 eller av 60 upp till 300',
      ],
    })
  })
})

test.group('Month-end / period commands refuse with FORMATS.md JSON', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a period not written ÅÅÅÅ-MM, a period without a draft, a missing --out: status error, a Swedish message, exit 1', async ({
    assert,
  }) => {
    const controller = await UserFactory.apply('controller').create()
    const as = `--as=${controller.email}`
    for (const [name, args, message] of [
      ['allocation:run', ['2026-13', as], /Perioden ska skrivas ÅÅÅÅ-MM \(fick "2026-13"\)/],
      ['quality:report', ['oktober'], /Perioden ska skrivas ÅÅÅÅ-MM \(fick "oktober"\)/],
      ['allocation:approve', ['2031-01', as], /Perioden 2031-01 har ingen fördelning ännu/],
      ['invoices:issue', ['2031-01', as], /Perioden 2031-01 har ingen fördelning ännu/],
      ['finance:export', ['2031-01'], /--out=FIL krävs/],
    ] as const) {
      const { exitCode, output } = await aceJson(name, [...args])
      assert.equal(exitCode, 1, name)
      assert.equal(output.status, 'error', name)
      assert.equal(output.period, args[0], name)
      assert.lengthOf(output.errors, 1, name)
      assert.match(output.errors[0].message, message, name)
    }
  })
})
