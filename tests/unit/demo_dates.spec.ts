import { test } from '@japa/runner'
import { demoWeekday } from '#database/demo/demo_dates'
import { isoWeekday } from '#domain/date_ranges'

test.group('Demo dates', () => {
  test('a demo date is a working day: a past weekend day or holiday moves back, a coming one on', ({
    assert,
  }) => {
    // Thursday 2026-12-03: +2 is Saturday, +3 Sunday, -4 Sunday, -5 Saturday
    const today = '2026-12-03'
    assert.equal(demoWeekday(1, today), '2026-12-04')
    assert.equal(demoWeekday(2, today), '2026-12-07')
    assert.equal(demoWeekday(3, today), '2026-12-07')
    assert.equal(demoWeekday(-4, today), '2026-11-27')
    assert.equal(demoWeekday(-5, today), '2026-11-27')
    assert.equal(demoWeekday(0, today), today)
    // julafton to annandagen, then a weekend: on to Monday 28 December
    assert.equal(demoWeekday(21, today), '2026-12-28')
    // midsommarafton 2027 is Friday 25 June
    assert.equal(demoWeekday(-1, '2027-06-28'), '2027-06-24')
    // every offset the demo uses, from every day of a week: a weekday, on the same side of today
    for (let start = 0; start < 7; start++) {
      const day = `2026-12-${String(7 + start).padStart(2, '0')}`
      for (let days = -400; days <= 400; days++) {
        const date = demoWeekday(days, day)
        assert.isBelow(isoWeekday(date), 6, `${day} ${days}`)
        assert.notInclude(['12-24', '12-25', '12-26', '12-31', '01-01'], date.slice(5))
        if (days > 0) assert.isTrue(date > day, `${day} ${days}`)
        if (days < 0) assert.isTrue(date < day, `${day} ${days}`)
      }
    }
  })
})
