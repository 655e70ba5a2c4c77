import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import ExcelJS from 'exceljs'
import { ApiRequest, type ApiClient } from '@japa/api-client'
import type User from '#models/user'
import { asText } from '#services/csv_writer'
import { typedCell, toXlsx } from '#services/xlsx_writer'
import { runAllocation } from '#actions/month_end/run_allocation'
import { UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'
import { controlLoopCity } from '#tests/helpers/control_loop_city'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

// the API client buffers known binary types only: read an xlsx body as bytes
ApiRequest.addParser(XLSX, (res, done) => {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
})

async function workbook(bytes: Buffer | Uint8Array) {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes as never)
  return book.worksheets[0]
}

async function download(client: ApiClient, user: User, path: string) {
  const response = await client.get(path).loginAs(user)
  response.assertStatus(200)
  response.assertHeader('content-type', XLSX)
  const name = /filename="([^"]+)"/.exec(response.header('content-disposition') ?? '')![1]
  // the API client hands back binary bodies as a Buffer
  return { name, sheet: await workbook(response.body() as Buffer) }
}

test.group('Spreadsheets / the cell rules', () => {
  test('codes and numbers with a leading zero stay text, Swedish decimals and integers are numbers, ISO dates and date-times are dates', ({
    assert,
  }) => {
    assert.deepEqual(typedCell(asText('0850811400')), {
      value: '0850811400',
      numFmt: '@',
      width: 10,
    })
    assert.equal(typedCell(asText('07')).value, '07')
    assert.equal(typedCell(asText('2026-10')).value, '2026-10')
    assert.equal(typedCell('1234,56').value, 1234.56)
    assert.equal(typedCell('1234,56').numFmt, '#,##0.00')
    assert.equal(typedCell('-12,00').value, -12)
    assert.equal(typedCell('80,0').numFmt, '#,##0.0')
    assert.equal(typedCell(42).value, 42)
    assert.equal(typedCell(42n).value, 42)
    assert.deepEqual(typedCell('2026-10-31').value, new Date(Date.UTC(2026, 9, 31)))
    assert.deepEqual(
      typedCell(asText('2026-10-31 14:05')).value,
      new Date(Date.UTC(2026, 9, 31, 14, 5))
    )
    assert.equal(typedCell('=HYPERLINK("x")').value, '=HYPERLINK("x")')
    assert.equal(typedCell('12 kr').value, '12 kr')
    assert.isNull(typedCell(null).value)
  })

  test('a formula-looking text is stored as text, never as a formula', async ({ assert }) => {
    const sheet = await workbook(await toXlsx(['Namn'], [['=1+1'], ['@SUM(A1)']]))
    assert.equal(sheet.getCell('A2').type, ExcelJS.ValueType.String)
    assert.equal(sheet.getCell('A2').value, '=1+1')
    assert.equal(sheet.getCell('A3').type, ExcelJS.ValueType.String)
  })
})

test.group('Spreadsheets / the downloads', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the extension register as xlsx: a bold frozen header, numbers as text with their leading zero, dates as dates, widths set', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const organisation = await OrganisationFactory.create()
    await db.table('extensions').insert({
      number: '0850811400',
      organisation_id: organisation.id,
      valid_from: '2025-01-01',
    })
    const { name, sheet } = await download(
      client,
      user,
      '/anknytningar/export?per=2026-10-31&format=xlsx'
    )
    assert.equal(name, 'anknytningar-2026-10-31.xlsx')
    assert.equal(sheet.getCell('A1').value, 'Anknytning')
    assert.isTrue(sheet.getRow(1).font?.bold)
    assert.equal(sheet.views[0].state, 'frozen')
    assert.equal(sheet.getCell('A2').type, ExcelJS.ValueType.String)
    assert.equal(sheet.getCell('A2').value, '0850811400')
    assert.equal(sheet.getCell('E2').type, ExcelJS.ValueType.Date)
    assert.deepEqual(sheet.getCell('E2').value, new Date(Date.UTC(2025, 0, 1)))
    assert.isAtLeast(sheet.getColumn(1).width!, 12)
    // the CSV stays for systems
    const csv = await client.get('/anknytningar/export?per=2026-10-31').loginAs(user)
    csv.assertHeader('content-type', 'text/csv; charset=utf-8')
  })

  test('the quality figures as xlsx: dates as dates, counts and percentages as numbers, hours and entry numbers as text', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    await insertCallAggregates([
      { hour: '2026-10-05T05:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 80 },
      { hour: '2026-10-05T05:00:00Z', outcome: 'besvarat', waitBucket: 90, calls: 20 },
    ])
    const days = (await download(client, user, '/samtal/2026-10/dagar?format=xlsx')).sheet
    assert.equal(days.getCell('A2').type, ExcelJS.ValueType.Date)
    assert.deepEqual(days.getCell('A2').value, new Date(Date.UTC(2026, 9, 5)))
    assert.equal(days.getCell('B2').type, ExcelJS.ValueType.Number)
    assert.equal(days.getCell('B2').value, 100)
    // the service level, 80,0 %, as the number 80
    assert.equal(days.getCell('G2').value, 80)

    const hours = (await download(client, user, '/samtal/2026-10/dagar?vy=veckodag&format=xlsx'))
      .sheet
    // 05:00 UTC is 07 in Stockholm in October
    assert.equal(hours.getCell('B2').type, ExcelJS.ValueType.String)
    assert.equal(hours.getCell('B2').value, '07')

    const entries = (await download(client, user, '/samtal/2026-10/dagar?vy=ingang&format=xlsx'))
      .sheet
    assert.equal(entries.getCell('A2').value, '0850811000')
    assert.equal(entries.getCell('A2').type, ExcelJS.ValueType.String)

    const trend = (await download(client, user, '/samtal/2026-10/dagar?vy=trend&format=xlsx')).sheet
    const months = trend.getColumn(1).values.filter((v) => typeof v === 'string') as string[]
    assert.include(months, '2026-10')
  })

  test('a month-end list as xlsx: the period as text, kronor as numbers with two decimals', async ({
    client,
    assert,
  }) => {
    const { coordinator } = await controlLoopCity()
    await runAllocation('2026-10', coordinator.id)
    const { name, sheet } = await download(client, coordinator, '/listor/perioder?format=xlsx')
    assert.equal(name, 'perioder.xlsx')
    assert.equal(sheet.getCell('A2').value, '2026-10')
    assert.equal(sheet.getCell('A2').type, ExcelJS.ValueType.String)
    assert.equal(sheet.getCell('C2').type, ExcelJS.ValueType.Number)
    assert.equal(sheet.getCell('C2').value, 290_000)
    assert.equal(sheet.getCell('C2').numFmt, '#,##0.00')
    assert.equal(sheet.getCell('D2').type, ExcelJS.ValueType.Date)
  })
})
