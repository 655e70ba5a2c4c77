import { test } from '@japa/runner'
import { calendarFile, escapeText, foldLine } from '#domain/ics'
import { parseGuestEmails, kindAndOrganisation, maySeeMeeting } from '#domain/meetings'

test.group('iCalendar files (RFC 5545)', () => {
  test('text escapes backslash, semicolon, comma and line ends', ({ assert }) => {
    assert.equal(escapeText('a\\b;c,d\ne'), 'a\\\\b\\;c\\,d\\ne')
  })

  test('long lines fold at 75 octets and never split a UTF-8 character', ({ assert }) => {
    const folded = foldLine('SUMMARY:' + 'å'.repeat(100))
    const lines = folded.split('\r\n')
    assert.isAbove(lines.length, 1)
    for (const line of lines) assert.isAtMost(Buffer.byteLength(line), 75)
    assert.equal(
      lines.map((line, i) => (i ? line.slice(1) : line)).join(''),
      'SUMMARY:' + 'å'.repeat(100)
    )
  })

  test('an event carries UTC times, a stable UID and CRLF line ends', ({ assert }) => {
    const text = calendarFile({
      uid: 'meeting-7@vaxelnavet.example',
      sequence: 2,
      startsAt: new Date('2027-06-10T11:00:00Z'),
      endsAt: new Date('2027-06-10T12:30:00Z'),
      stampedAt: new Date('2027-01-01T00:00:00Z'),
      summary: 'Styrgrupp',
      method: 'PUBLISH',
    })
    assert.include(text, 'UID:meeting-7@vaxelnavet.example\r\nSEQUENCE:2\r\n')
    assert.include(text, 'DTSTART:20270610T110000Z\r\nDTEND:20270610T123000Z')
    assert.isTrue(text.endsWith('END:VCALENDAR\r\n'))
    assert.notMatch(text, /[^\r]\n/)
  })

  test('a cancellation is METHOD:CANCEL with STATUS:CANCELLED, the same UID and the sequence given', ({
    assert,
  }) => {
    const text = calendarFile({
      uid: 'meeting-7@vaxelnavet.example',
      sequence: 3,
      startsAt: new Date('2027-06-10T11:00:00Z'),
      endsAt: new Date('2027-06-10T12:30:00Z'),
      stampedAt: new Date('2027-01-01T00:00:00Z'),
      summary: 'Styrgrupp',
      attendees: ['gast@leverantor.example'],
      method: 'CANCEL',
    })
    assert.include(text, 'METHOD:CANCEL\r\n')
    assert.include(text, 'UID:meeting-7@vaxelnavet.example\r\nSEQUENCE:3\r\n')
    assert.include(text, 'STATUS:CANCELLED\r\n')
    assert.notInclude(text, 'STATUS:CONFIRMED')
    assert.include(text, 'mailto:gast@leverantor.example')
  })
})

test.group('Governance meeting rules', () => {
  test('guest addresses: one a line or separated by comma/semicolon, duplicates whatever their case dropped, the first bad one named', ({
    assert,
  }) => {
    assert.deepEqual(parseGuestEmails('a@b.se\n A@B.se ; c@d.se,'), {
      ok: true,
      emails: ['a@b.se', 'c@d.se'],
    })
    assert.deepEqual(parseGuestEmails('a@b.se\nfoo@bar'), {
      ok: false,
      error: 'badGuestEmail',
      params: { email: 'foo@bar' },
    })
    assert.deepEqual(parseGuestEmails(''), { ok: true, emails: [] })
    const many = Array.from({ length: 51 }, (_, i) => `g${i}@x.se`).join('\n')
    assert.equal(parseGuestEmails(many).ok, false)
  })

  test('guest addresses in Outlook form ("Bo Ek <bo@example.se>", separated by ; or ,) give their addresses; a name with a comma stays one entry', ({
    assert,
  }) => {
    assert.deepEqual(
      parseGuestEmails('Bo Ek <bo@example.se>; "Ek, Eva" <eva@example.se>, kim@example.se'),
      { ok: true, emails: ['bo@example.se', 'eva@example.se', 'kim@example.se'] }
    )
    assert.deepEqual(
      parseGuestEmails('Bo Ek <bo@example.se>, Ek, Eva <eva@example.se>\n<ali@example.se>'),
      { ok: true, emails: ['bo@example.se', 'eva@example.se', 'ali@example.se'] }
    )
    assert.deepEqual(parseGuestEmails("'Bo Ek' <BO@example.se>; bo@example.se"), {
      ok: true,
      emails: ['BO@example.se'],
    })
  })

  test('garbage among Outlook-form guests is refused naming the whole bad entry', ({ assert }) => {
    assert.deepEqual(parseGuestEmails('Bo Ek <bo@example.se>; Eva Ek <inte en adress>'), {
      ok: false,
      error: 'badGuestEmail',
      params: { email: 'Eva Ek <inte en adress>' },
    })
    assert.deepEqual(parseGuestEmails('Bo Ek <bo@example.se'), {
      ok: false,
      error: 'badGuestEmail',
      params: { email: 'Bo Ek <bo@example.se' },
    })
    assert.deepEqual(parseGuestEmails('bo@example.se; Bo Ek'), {
      ok: false,
      error: 'badGuestEmail',
      params: { email: 'Bo Ek' },
    })
    assert.deepEqual(parseGuestEmails('Bo <a@example.se> <b@example.se>'), {
      ok: false,
      error: 'badGuestEmail',
      params: { email: 'Bo <a@example.se> <b@example.se>' },
    })
  })

  test('an avstämning has an organisation, the other kinds none', ({ assert }) => {
    assert.deepEqual(kindAndOrganisation('review', null), {
      ok: false,
      error: 'reviewNeedsOrganisation',
    })
    assert.deepEqual(kindAndOrganisation('supplier', 3), {
      ok: false,
      error: 'organisationOnlyForReview',
    })
    assert.deepEqual(kindAndOrganisation('review', 3), {
      ok: true,
      kind: 'review',
      organisationId: 3,
    })
  })

  test('who sees a meeting: office all, contacts the network meetings, members the steering group, an organisation its avstämning, nobody else a supplier meeting', ({
    assert,
  }) => {
    const contact = { office: false, steeringGroupMember: false, organisationIds: [5] }
    assert.isTrue(maySeeMeeting({ kind: 'network', organisation_id: null }, contact))
    assert.isFalse(maySeeMeeting({ kind: 'steering_group', organisation_id: null }, contact))
    assert.isTrue(
      maySeeMeeting(
        { kind: 'steering_group', organisation_id: null },
        { ...contact, steeringGroupMember: true }
      )
    )
    assert.isTrue(maySeeMeeting({ kind: 'review', organisation_id: 5 }, contact))
    assert.isFalse(maySeeMeeting({ kind: 'review', organisation_id: 6 }, contact))
    assert.isFalse(maySeeMeeting({ kind: 'supplier', organisation_id: null }, contact))
    assert.isTrue(
      maySeeMeeting({ kind: 'supplier', organisation_id: null }, { ...contact, office: true })
    )
  })
})
