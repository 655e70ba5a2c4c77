import { test } from '@japa/runner'
import {
  checkRange,
  monthsOfRange,
  rangePieces,
  presetRange,
  rangeDays,
  sameRangeLastYear,
  tertialOf,
  tertialReportRange,
} from '#domain/date_ranges'
import { answerTimeDistribution } from '#domain/answer_times'
import { hoursOn, openClockHours, openHourStarts, parseClockTime } from '#domain/opening_hours'

test.group('Date ranges: presets relative to today', () => {
  test('yesterday on 1 January is 31 December of the year before', ({ assert }) => {
    assert.deepEqual(presetRange('igar', '2027-01-01'), { from: '2026-12-31', to: '2026-12-31' })
  })

  test('last week is Monday to Sunday of the week before, also when today is Monday or Sunday', ({
    assert,
  }) => {
    // 2026-12-07 is a Monday, 2026-12-13 a Sunday
    assert.deepEqual(presetRange('forra-veckan', '2026-12-07'), {
      from: '2026-11-30',
      to: '2026-12-06',
    })
    assert.deepEqual(presetRange('forra-veckan', '2026-12-13'), {
      from: '2026-11-30',
      to: '2026-12-06',
    })
  })

  test('last month in January is December of the year before; February ends on its last day', ({
    assert,
  }) => {
    assert.deepEqual(presetRange('forra-manaden', '2027-01-15'), {
      from: '2026-12-01',
      to: '2026-12-31',
    })
    assert.deepEqual(presetRange('forra-manaden', '2028-03-01'), {
      from: '2028-02-01',
      to: '2028-02-29',
    })
  })

  test('this tertial starts in January, May or September and runs to today', ({ assert }) => {
    assert.deepEqual(presetRange('tertial', '2026-04-30'), { from: '2026-01-01', to: '2026-04-30' })
    assert.deepEqual(presetRange('tertial', '2026-05-01'), { from: '2026-05-01', to: '2026-05-01' })
    assert.deepEqual(presetRange('tertial', '2026-12-02'), { from: '2026-09-01', to: '2026-12-02' })
    assert.deepEqual(
      [tertialOf('2026-04-30'), tertialOf('2026-08-31'), tertialOf('2026-09-01')],
      [1, 2, 3]
    )
  })

  test('this year runs from 1 January to today', ({ assert }) => {
    assert.deepEqual(presetRange('i-ar', '2026-12-02'), { from: '2026-01-01', to: '2026-12-02' })
  })

  test('the same period last year moves 29 February to 28 February', ({ assert }) => {
    assert.deepEqual(sameRangeLastYear({ from: '2028-02-01', to: '2028-02-29' }), {
      from: '2027-02-01',
      to: '2027-02-28',
    })
    assert.deepEqual(sameRangeLastYear({ from: '2026-05-01', to: '2026-08-31' }), {
      from: '2025-05-01',
      to: '2025-08-31',
    })
  })

  test('tertial reports are cumulative: T1 Jan–Apr, T2 Jan–Aug, T3 the whole year', ({
    assert,
  }) => {
    assert.deepEqual(tertialReportRange(2026, 1), { from: '2026-01-01', to: '2026-04-30' })
    assert.deepEqual(tertialReportRange(2026, 2), { from: '2026-01-01', to: '2026-08-31' })
    assert.deepEqual(tertialReportRange(2026, 3), { from: '2026-01-01', to: '2026-12-31' })
  })
})

test.group('Date ranges: typed ranges', () => {
  test('a range is refused when a date does not exist, the end is first, or it is over ten years', ({
    assert,
  }) => {
    assert.equal(checkRange('2026-02-30', '2026-03-01'), 'invalidDate')
    assert.equal(checkRange('2026-03-01', undefined), 'invalidDate')
    assert.equal(checkRange("2026-01-01' OR 1=1", '2026-01-02'), 'invalidDate')
    assert.equal(checkRange('2026-03-02', '2026-03-01'), 'endBeforeStart')
    assert.deepEqual(checkRange('2026-03-01', '2026-03-01'), {
      from: '2026-03-01',
      to: '2026-03-01',
    })
    assert.deepEqual(checkRange('2016-01-01', '2025-12-31'), {
      from: '2016-01-01',
      to: '2025-12-31',
    })
    assert.equal(checkRange('2016-01-01', '2026-01-01'), 'tooLong')
    assert.equal(rangeDays({ from: '2026-01-01', to: '2026-12-31' }), 365)
  })

  test('a range is split into the parts of the months it touches', ({ assert }) => {
    assert.deepEqual(monthsOfRange({ from: '2026-01-15', to: '2026-03-02' }), [
      { period: '2026-01', from: '2026-01-15', to: '2026-01-31' },
      { period: '2026-02', from: '2026-02-01', to: '2026-02-28' },
      { period: '2026-03', from: '2026-03-01', to: '2026-03-02' },
    ])
    assert.lengthOf(monthsOfRange({ from: '2025-12-31', to: '2026-01-01' }), 2)
  })
})

test.group('Answer-time distribution', () => {
  test('a call in the bucket of the limit counts as within it; the next bucket does not', ({
    assert,
  }) => {
    const rows = answerTimeDistribution(
      [
        { outcome: 'besvarat', waitBucket: 10, calls: 4 },
        { outcome: 'kopplat', waitBucket: 15, calls: 3 },
        { outcome: 'meddelande', waitBucket: 60, calls: 2 },
        { outcome: 'besvarat', waitBucket: 65, calls: 1 },
        { outcome: 'avbrutet', waitBucket: 5, calls: 10 },
      ],
      20
    )
    assert.deepEqual(
      rows.map((row) => [row.limit, row.answered]),
      [
        [10, 4],
        [20, 7],
        [30, 7],
        [60, 9],
        [120, 10],
        [180, 10],
      ]
    )
    assert.equal(rows[0].shareOfAnswered, 0.4)
    assert.equal(rows[3].shareOfOffered, 9 / 20)
  })

  test('without answered or offered calls the shares are empty, not zero', ({ assert }) => {
    const [first] = answerTimeDistribution([], 0)
    assert.deepEqual(first, { limit: 10, answered: 0, shareOfAnswered: null, shareOfOffered: null })
  })
})

test.group('Opening hours', () => {
  const calendar = {
    normal: [
      { weekday: 1, opens: '08:00', closes: '16:30' },
      { weekday: 5, opens: '08:00', closes: '16:00' },
    ],
    summer: [{ weekday: 1, opens: '08:00', closes: '16:00' }],
    periods: [
      { kind: 'summer' as const, startsOn: '2026-06-22', endsOn: '2026-08-09' },
      { kind: 'closed' as const, startsOn: '2026-12-24', endsOn: '2026-12-26' },
    ],
  }

  test('the clock hours overlapping 8.00–16.30 are 8 to 16; 8.00–16.00 ends with 15', ({
    assert,
  }) => {
    assert.deepEqual(
      openClockHours({ opens: '08:00', closes: '16:30' }),
      [8, 9, 10, 11, 12, 13, 14, 15, 16]
    )
    assert.deepEqual(openClockHours({ opens: '08:00', closes: '16:00' }).at(-1), 15)
    assert.deepEqual(openClockHours({ opens: '07:45', closes: '08:15' }), [7, 8])
  })

  test('a closure day is closed, a summer day has summer hours, a weekday without hours is closed', ({
    assert,
  }) => {
    assert.isNull(hoursOn(calendar, '2026-12-24')) // Thursday, closed
    assert.equal(hoursOn(calendar, '2026-06-22')?.closes, '16:00') // Monday in summer
    assert.equal(hoursOn(calendar, '2026-06-15')?.closes, '16:30') // Monday before
    assert.isNull(hoursOn(calendar, '2026-06-16')) // Tuesday: no hours in this calendar
    assert.isNull(hoursOn(calendar, '2026-08-07')) // Friday in summer: no summer hours
  })

  test('open hours are instants in Stockholm time: 8.00 is 07:00 UTC in winter, 06:00 in summer', ({
    assert,
  }) => {
    const winter = openHourStarts(calendar, { from: '2026-12-07', to: '2026-12-07' })
    assert.equal(new Date(winter[0]).toISOString(), '2026-12-07T07:00:00.000Z')
    assert.lengthOf(winter, 9)
    const summer = openHourStarts(calendar, { from: '2026-06-22', to: '2026-06-22' })
    assert.equal(new Date(summer[0]).toISOString(), '2026-06-22T06:00:00.000Z')
    assert.lengthOf(summer, 8)
  })

  test('typed times: 8, 8.00 and 08:00 are the same; 25.00 and 8.60 are refused', ({ assert }) => {
    assert.equal(parseClockTime('8'), '08:00')
    assert.equal(parseClockTime('8.00'), '08:00')
    assert.equal(parseClockTime('16:30'), '16:30')
    assert.equal(parseClockTime('24:00'), '24:00')
    assert.isNull(parseClockTime('25.00'))
    assert.isNull(parseClockTime('8.60'))
    assert.isNull(parseClockTime('åtta'))
  })

  test('rangePieces: whole months by their first day, partial first and last months as edges', ({
    assert,
  }) => {
    assert.deepEqual(rangePieces({ from: '2026-01-15', to: '2026-04-30' }), {
      months: ['2026-02-01', '2026-03-01', '2026-04-01'],
      edges: [{ period: '2026-01', from: '2026-01-15', to: '2026-01-31' }],
    })
    assert.deepEqual(rangePieces({ from: '2024-02-01', to: '2024-02-28' }), {
      months: [],
      edges: [{ period: '2024-02', from: '2024-02-01', to: '2024-02-28' }],
    })
    assert.deepEqual(rangePieces({ from: '2024-02-01', to: '2024-02-29' }).months, ['2024-02-01'])
  })
})
