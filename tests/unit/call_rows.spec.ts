import { test } from '@japa/runner'
import { parseCallRow, parseStart } from '#domain/call_rows'
import { stockholmDate } from '#domain/stockholm_time'

const at = (raw: string) => {
  const parsed = parseStart(raw)
  return 'error' in parsed ? parsed.error : { ...parsed, utc: new Date(parsed.utcMs).toISOString() }
}

test.group('Call rows / Start', () => {
  test('the usual form is Stockholm local time, with the offset then in force and the local date', ({
    assert,
  }) => {
    assert.deepInclude(at('2026-10-05 09:00:10'), {
      text: '2026-10-05 09:00:10+02',
      utc: '2026-10-05T07:00:10.000Z',
      localDate: '2026-10-05',
      ambiguous: false,
    })
    assert.deepInclude(at('2026-12-31T23:30:00'), {
      text: '2026-12-31 23:30:00+01',
      utc: '2026-12-31T22:30:00.000Z',
      localDate: '2026-12-31',
    })
    // the same with spaces around it takes the slower way and gives the same
    assert.deepEqual(at(' 2026-10-05 09:00:10 '), at('2026-10-05 09:00:10'))
  })

  test('the repeated autumn hour is the first occurrence, the spring gap an error, impossible dates errors', ({
    assert,
  }) => {
    assert.deepInclude(at('2026-10-25 02:30:00'), {
      utc: '2026-10-25T00:30:00.000Z',
      ambiguous: true,
    })
    assert.match(at('2026-03-29 02:30:00') as string, /finns inte i svensk tid/)
    assert.equal(at('2026-02-29 10:00:00'), 'är ingen giltig tidpunkt')
    assert.equal(at('2100-02-29 10:00:00'), 'är ingen giltig tidpunkt')
    assert.deepInclude(at('2024-02-29 10:00:00'), { localDate: '2024-02-29' })
    assert.equal(at('2026-10-05 24:00:00'), 'är ingen giltig tidpunkt')
    assert.equal(at('2026-1O-05 09:00:00'), 'är inte en tidpunkt på formen ÅÅÅÅ-MM-DD TT:MM:SS')
  })

  test('an offset is honoured, and the local date is the Stockholm date of that instant', ({
    assert,
  }) => {
    assert.deepInclude(at('2026-10-25T23:30:00Z'), {
      utc: '2026-10-25T23:30:00.000Z',
      localDate: '2026-10-26',
    })
    assert.deepInclude(at('2026-10-24 23:30:00-05:00'), {
      utc: '2026-10-25T04:30:00.000Z',
      localDate: '2026-10-25',
    })
    assert.deepInclude(at('2026-07-01T00:30:00+02:00'), {
      utc: '2026-06-30T22:30:00.000Z',
      localDate: '2026-07-01',
    })
  })

  test('stockholmDate follows summer and winter time around midnight', ({ assert }) => {
    assert.equal(stockholmDate(Date.UTC(2026, 5, 30, 22, 30)), '2026-07-01')
    assert.equal(stockholmDate(Date.UTC(2026, 11, 31, 22, 30)), '2026-12-31')
    assert.equal(stockholmDate(Date.UTC(2026, 11, 31, 23, 30)), '2027-01-01')
  })

  test('a whole row converts to what COPY needs; each bad field is named with its column', ({
    assert,
  }) => {
    const good = parseCallRow(
      'S-1',
      '2026-10-05 09:00:10',
      '0850811000',
      '12',
      '95',
      'Kopplat',
      '0850810001',
      '3,95'
    )
    assert.deepInclude('row' in good ? good.row : {}, {
      callId: 'S-1',
      outcome: 'kopplat',
      cost: '3.95',
      waitSeconds: 12,
      extension: '0850810001',
    })
    const bad = parseCallRow('', '2026-13-05 09:00:10', '08-508', '-1', 'x', 'Okänt', '', '3,95')
    assert.sameMembers('errors' in bad ? bad.errors.map((error) => error.column) : [], [
      'SamtalsID',
      'Start',
      'Väntetid',
      'Samtalstid',
      'Utfall',
    ])
  })
})
