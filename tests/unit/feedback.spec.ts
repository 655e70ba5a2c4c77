/**
 * Feedback routed to organisations (issue 16, point 5): the response time against the
 * target, to its edges, and the monthly report's counts per organisation.
 */
import { test } from '@japa/runner'
import {
  feedbackReport,
  formatMinutes,
  responseMinutes,
  responseStatus,
  targetHoursFromSetting,
  type FeedbackForReport,
} from '#domain/feedback'

const forwarded = new Date('2026-10-05T08:00:00Z')
const at = (iso: string) => new Date(iso)

test.group('Feedback / response time against the target', () => {
  test('an answer exactly at the target is in time; one minute later is late', ({ assert }) => {
    const now = at('2026-10-09T00:00:00Z')
    assert.equal(responseStatus(forwarded, at('2026-10-06T08:00:00Z'), now, 24), 'answeredInTime')
    assert.equal(responseStatus(forwarded, at('2026-10-06T08:01:00Z'), now, 24), 'answeredLate')
    assert.equal(responseStatus(forwarded, at('2026-10-05T08:00:00Z'), now, 24), 'answeredInTime')
  })

  test('unanswered feedback waits until the target has passed and is overdue after it', ({
    assert,
  }) => {
    assert.equal(responseStatus(forwarded, null, at('2026-10-06T08:00:00Z'), 24), 'waiting')
    assert.equal(responseStatus(forwarded, null, at('2026-10-06T08:00:00.001Z'), 24), 'overdue')
    assert.equal(responseStatus(forwarded, null, at('2026-10-06T08:00:00.001Z'), 48), 'waiting')
  })

  test('the target counts clock hours, also across the autumn DST change', ({ assert }) => {
    // 2026-10-25 the Stockholm clock goes back an hour: 24 h after 08:00 UTC is still 08:00 UTC
    const before = at('2026-10-24T08:00:00Z')
    assert.equal(responseStatus(before, at('2026-10-25T08:00:00Z'), before, 24), 'answeredInTime')
    assert.equal(responseMinutes(before, at('2026-10-25T08:00:00Z')), 1440)
  })

  test('response minutes are whole minutes rounded down', ({ assert }) => {
    assert.equal(responseMinutes(forwarded, at('2026-10-05T08:00:59Z')), 0)
    assert.equal(responseMinutes(forwarded, at('2026-10-05T09:30:30Z')), 90)
    assert.equal(formatMinutes(90), '1 h 30 min')
    assert.equal(formatMinutes(45), '45 min')
    assert.equal(formatMinutes(null), '–')
  })

  test('the setting gives the target; a missing or broken value falls back to 24 hours', ({
    assert,
  }) => {
    assert.equal(targetHoursFromSetting('48'), 48)
    assert.equal(targetHoursFromSetting(undefined), 24)
    assert.equal(targetHoursFromSetting('0'), 24)
    assert.equal(targetHoursFromSetting('12.5'), 24)
  })
})

test.group('Feedback / monthly report per organisation', () => {
  const row = (
    organisationId: number,
    period: string,
    type: FeedbackForReport['type'],
    answeredAfterMinutes: number | null
  ): FeedbackForReport => ({
    organisationId,
    organisation: organisationId === 1 ? 'Bromma stadsdelsförvaltning' : 'AB Stockholmshem',
    period,
    type,
    forwardedAt: forwarded,
    answeredAt:
      answeredAfterMinutes === null
        ? null
        : new Date(forwarded.getTime() + answeredAfterMinutes * 60_000),
  })

  test('one line per organisation and month with in-time, late, waiting and overdue counted apart', ({
    assert,
  }) => {
    const lines = feedbackReport(
      [
        row(1, '2026-10', 'klagomal', 60),
        row(1, '2026-10', 'berom', 1440),
        row(1, '2026-10', 'felhanvisning', 1441),
        row(1, '2026-10', 'klagomal', null),
        row(2, '2026-10', 'synpunkt', 30),
        row(1, '2026-09', 'berom', 10),
      ],
      at('2026-10-07T00:00:00Z'),
      24
    )
    assert.deepEqual(
      lines.map((line) => [line.period, line.organisationId]),
      [
        ['2026-10', 2],
        ['2026-10', 1],
        ['2026-09', 1],
      ]
    )
    const bromma = lines[1]
    assert.deepInclude(bromma, {
      received: 4,
      praise: 1,
      // praise needs no answer: it is received, not judged
      answeredInTime: 1,
      answeredLate: 1,
      waiting: 0,
      overdue: 1,
      // 60 and 1441: the mean of the two, rounded down
      medianMinutes: 750,
      // 1 in time of 3 judged
      inTimePercent: 33.3,
    })
  })

  test('praise needs no answer: never overdue, not in the counts, the median or the share', ({
    assert,
  }) => {
    const [line] = feedbackReport(
      [row(1, '2026-09', 'berom', null), row(1, '2026-09', 'berom', 3000)],
      at('2026-10-07T00:00:00Z'),
      24
    )
    assert.deepInclude(line, {
      received: 2,
      praise: 2,
      answeredInTime: 0,
      answeredLate: 0,
      waiting: 0,
      overdue: 0,
      medianMinutes: null,
      inTimePercent: null,
    })
    const forwardedAt = at('2026-10-01T08:00:00Z')
    assert.equal(
      responseStatus(forwardedAt, null, at('2026-10-07T00:00:00Z'), 24, 'berom'),
      'noAnswerNeeded'
    )
    assert.equal(
      responseStatus(forwardedAt, null, at('2026-10-07T00:00:00Z'), 24, 'klagomal'),
      'overdue'
    )
  })

  test('feedback still within its target is not judged; with none judged the share is empty', ({
    assert,
  }) => {
    const [line] = feedbackReport(
      [row(1, '2026-10', 'klagomal', null)],
      at('2026-10-05T09:00:00Z'),
      24
    )
    assert.deepInclude(line, { waiting: 1, overdue: 0, inTimePercent: null, medianMinutes: null })
  })

  test('the median of an even count is the mean of the middle two, rounded down; the share has one decimal', ({
    assert,
  }) => {
    const [line] = feedbackReport(
      [
        row(1, '2026-10', 'klagomal', 10),
        row(1, '2026-10', 'klagomal', 21),
        row(1, '2026-10', 'klagomal', 2000),
      ],
      at('2026-10-09T00:00:00Z'),
      24
    )
    assert.equal(line.medianMinutes, 21)
    assert.equal(line.inTimePercent, 66.7)
    const [even] = feedbackReport(
      [row(1, '2026-10', 'klagomal', 10), row(1, '2026-10', 'klagomal', 21)],
      at('2026-10-09T00:00:00Z'),
      24
    )
    assert.equal(even.medianMinutes, 15)
  })
})
