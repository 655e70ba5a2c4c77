import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { isValidOn } from '#domain/validity'
import { validOnSql } from '#queries/validity'
import { addDays } from '#domain/periods'

/** Every start and end around a day: before, on and after it, and an open end. */
function cases() {
  const day = '2026-03-01'
  const around = [addDays(day, -400), addDays(day, -1), day, addDays(day, 1)]
  const list: { validFrom: string; validTo: string | null; day: string }[] = []
  for (const validFrom of around) {
    for (const validTo of [null, ...around, addDays(day, 400)]) {
      if (validTo !== null && validTo < validFrom) continue
      list.push({ validFrom, validTo, day })
    }
  }
  // leap day and year end
  list.push({ validFrom: '2028-02-29', validTo: '2028-02-29', day: '2028-02-29' })
  list.push({ validFrom: '2025-01-01', validTo: '2025-12-31', day: '2026-01-01' })
  return list
}

test.group('Valid on a day: one rule in TypeScript and SQL', () => {
  test('valid_from ≤ D and (no valid_to or valid_to ≥ D), both ends inclusive — SQL and TypeScript agree on every case', async ({
    assert,
  }) => {
    const list = cases()
    const values = list.map(() => '(?::date, ?::date, ?::date)').join(', ')
    const bindings = list.flatMap((c) => [c.validFrom, c.validTo, c.day])
    const { rows } = await db.rawQuery(
      `SELECT to_char(e.valid_from, 'YYYY-MM-DD') AS valid_from,
              to_char(e.valid_to, 'YYYY-MM-DD') AS valid_to,
              to_char(e.day, 'YYYY-MM-DD') AS day,
              (${validOnSql('e', 'e.day')}) AS valid
         FROM (VALUES ${values}) AS e(valid_from, valid_to, day)`,
      bindings
    )
    assert.lengthOf(rows, list.length)
    const disagreements = rows.filter(
      (row: { valid_from: string; valid_to: string | null; day: string; valid: boolean }) =>
        row.valid !== isValidOn(row.valid_from, row.valid_to, row.day)
    )
    assert.deepEqual(disagreements, [])
    // and the cases do cover both answers
    assert.includeMembers(
      rows.map((row: { valid: boolean }) => row.valid),
      [true, false]
    )
  })

  test('the first and last day are inside, the day before and after are not, an open end never ends', ({
    assert,
  }) => {
    assert.isTrue(isValidOn('2026-03-01', '2026-03-31', '2026-03-01'))
    assert.isTrue(isValidOn('2026-03-01', '2026-03-31', '2026-03-31'))
    assert.isFalse(isValidOn('2026-03-01', '2026-03-31', '2026-02-28'))
    assert.isFalse(isValidOn('2026-03-01', '2026-03-31', '2026-04-01'))
    assert.isTrue(isValidOn('2026-03-01', null, '2099-12-31'))
  })
})
