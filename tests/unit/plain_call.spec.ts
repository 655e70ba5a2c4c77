import { test } from '@japa/runner'
import { parseCallRow, type CallRow } from '#domain/call_rows'
import { tallyCallOf, type TallyCall } from '#domain/call_tally'
import { newPlainCall, readPlainCall, writeCallRecordOf, type CallLayout } from '#domain/plain_call'

const LAYOUT: CallLayout = {
  callId: 0,
  start: 1,
  entry: 2,
  wait: 3,
  talk: 4,
  outcome: 5,
  extension: 6,
  cost: 7,
  fields: 8,
  delimiter: 0x3b,
}
const IMPORT_ID = 4711
/** a register stand-in: extensions ending in 1 belong to organisation 42 from 25 October */
const organisationOf = (call: { extension: string | null; localDay: number }) =>
  call.extension?.endsWith('1') && call.localDay >= 20261025 ? 42 : null

/** Read a line both ways: the plain reader, and parseCallRow. */
function bothWays(line: string) {
  const bytes = Buffer.from(line, 'latin1')
  const out = Buffer.alloc(4096)
  const call = newPlainCall()
  const end = readPlainCall(
    bytes,
    0,
    bytes.length,
    LAYOUT,
    new Int32Array(LAYOUT.fields + 1),
    call,
    out,
    0,
    organisationOf,
    IMPORT_ID
  )
  const fields = line.split(';')
  const parsed =
    fields.length === 8
      ? parseCallRow(
          fields[0],
          fields[1],
          fields[2],
          fields[3],
          fields[4],
          fields[5],
          fields[6],
          fields[7]
        )
      : null
  return { end, binary: out.subarray(0, Math.max(end, 0)), call, parsed }
}

/** The binary COPY row the slower way writes for a parsed row. */
function slowerBinary(row: CallRow, call: TallyCall) {
  const out = Buffer.alloc(4096)
  return out.subarray(0, writeCallRecordOf(row, call, organisationOf(call), IMPORT_ID, out, 0))
}

const pick = <T>(values: T[], seed: number) => values[seed % values.length]

test.group('Plain call lines', () => {
  test('every line the plain reader accepts gives exactly what parseCallRow gives: the binary COPY row and the counted figures', ({
    assert,
  }) => {
    const ids = [
      'S-1',
      'S202610-0000042',
      ' S-2',
      'S-3 ',
      'x'.repeat(64),
      'x'.repeat(65),
      'A\\B',
      'Å-1',
      '',
    ]
    const starts = [
      '2026-10-05 09:00:10',
      '2026-10-05T09:00:10',
      '2026-10-25 02:30:00',
      '2026-03-29 02:30:00',
      '2026-02-29 10:00:00',
      '2024-02-29 23:59:59',
      '2026-12-31 23:30:00',
      '2026-10-05 24:00:00',
      '2026-1-5 09:00:00',
      '2026-10-05 09:00:10+01:00',
      ' 2026-10-05 09:00:10',
      '2026-10-26 00:30:00',
    ]
    const entries = [
      '0850811000',
      '08508110001234567890',
      '085081100012345678901',
      '08-508',
      '',
      ' 0850811000',
    ]
    const seconds = ['0', '7', '007', '123456789', '1234567890', '-1', '1,5', ' 5', '']
    const outcomes = [
      'Besvarat',
      'KOPPLAT',
      'avbrutet',
      'Meddelande',
      ' Besvarat',
      'Okänt',
      'besvarad',
      '',
    ]
    const extensions = [
      '',
      '0850810001',
      '0850810002',
      '  ',
      '12345678901234567890',
      '123456789012345678901',
      'abc',
    ]
    const costs = [
      '3,95',
      '3.95',
      '0',
      '12345678',
      '123456789',
      '1,2345',
      '1,23456',
      '1,',
      ',5',
      '-1',
      '1 234,50',
      '3,9500',
      '0,0001',
      '1,2,3',
    ]
    let accepted = 0
    let compared = 0
    for (let seed = 0; seed < 20_000; seed++) {
      // mostly ordinary values, with one unusual field in most lines
      const at = (values: string[], salt: number) =>
        seed % 7 === salt % 7 ? pick(values, seed * 31 + salt) : values[(seed + salt) % 2]
      const fields = [
        at(ids, 1),
        at(starts, 2),
        at(entries, 3),
        at(seconds, 4),
        at(seconds, 5),
        at(outcomes, 6),
        at(extensions, 7),
        at(costs, 8),
      ]
      if (seed % 97 === 0) fields.push(seed % 2 ? '' : 'extra')
      if (seed % 89 === 0) fields.pop()
      const { end, binary, call, parsed } = bothWays(fields.join(';'))
      if (end < 0) continue
      accepted++
      assert.isNotNull(parsed, fields.join(';'))
      assert.property(
        parsed,
        'row',
        `plain accepted what parseCallRow rejects: ${fields.join(';')}`
      )
      const row = (parsed as { row: CallRow }).row
      const expected: TallyCall = tallyCallOf(row)
      assert.equal(
        binary.toString('hex'),
        slowerBinary(row, expected).toString('hex'),
        fields.join(';')
      )
      assert.deepEqual(
        { ...call },
        { ...expected, ambiguous: row.ambiguous, organisationId: organisationOf(expected) },
        fields.join(';')
      )
      compared++
    }
    // the ordinary lines really take the fast way
    assert.isAbove(accepted, 5_000)
    assert.equal(compared, accepted)
  })

  test('the ordinary supplier line is read the fast way: the first of the repeated hour, the decimal comma, attributed', ({
    assert,
  }) => {
    const { end, call } = bothWays(
      'S-1;2026-10-25 02:30:00;0850811000;12;95;Kopplat;0850810001;3,95'
    )
    assert.isAbove(end, 0)
    assert.include(call, {
      utcMs: Date.UTC(2026, 9, 25, 0, 30),
      ambiguous: true,
      costUnits: 39500,
      localDay: 20261025,
      organisationId: 42,
      outcome: 'kopplat',
    })
  })

  test('lines it does not take are left to parseCallRow: quotes, other encodings, spaces, the spring gap', ({
    assert,
  }) => {
    for (const line of [
      '"S-1";2026-10-05 09:00:10;0850811000;12;95;Kopplat;;3,95',
      'Å-1;2026-10-05 09:00:10;0850811000;12;95;Kopplat;;3,95',
      'S-1;2026-10-05 09:00:10 ;0850811000;12;95;Kopplat;;3,95',
      'S-1;2026-03-29 02:30:00;0850811000;12;95;Kopplat;;3,95',
      'S-1;2026-10-05 09:00:10;0850811000;12;95;Kopplat;;3,95;x',
    ]) {
      assert.equal(bothWays(line).end, -1, line)
    }
  })
})
