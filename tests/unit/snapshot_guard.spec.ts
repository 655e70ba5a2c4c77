import { test } from '@japa/runner'
import { endingRefusal, isTooMuchEnding } from '#domain/snapshot_guard'

test.group('Snapshot guard: how much an unattended snapshot may end', () => {
  test('more than 10 % and more than 10 extensions ending is too much; either alone is not', ({
    assert,
  }) => {
    assert.isFalse(isTooMuchEnding({ active: 200, ending: 20, emptied: [] }))
    assert.isTrue(isTooMuchEnding({ active: 200, ending: 21, emptied: [] }))
    // a small organisation's weekly changes: 10 of 20 is half, but only 10
    assert.isFalse(isTooMuchEnding({ active: 20, ending: 10, emptied: [] }))
    assert.isTrue(isTooMuchEnding({ active: 20, ending: 11, emptied: [] }))
    assert.isFalse(isTooMuchEnding({ active: 0, ending: 0, emptied: [] }))
  })

  test('an organisation left without extensions is too much however few they are', ({ assert }) => {
    assert.isTrue(isTooMuchEnding({ active: 1000, ending: 2, emptied: [{ code: 'X', count: 2 }] }))
  })

  test('the refusal names how many would end, of how many, the organisations and the way to read it anyway', ({
    assert,
  }) => {
    const text = endingRefusal(
      { active: 10912, ending: 10910, emptied: [{ code: 'UTBF', count: 4000 }] },
      '2026-12-02',
      false
    )!
    assert.include(
      text,
      'Ögonblicksbilden skulle avsluta 10\u00a0910 av 10\u00a0912 aktiva anknytningar (100 %) per 2026-12-02; ingenting ändrades.'
    )
    assert.include(text, 'Filen har inga rader för UTBF (4\u00a0000)')
    assert.include(text, 'organisationCode')
    assert.include(
      endingRefusal({ active: 100, ending: 50, emptied: [] }, '2026-12-02', true)!,
      'kryssa i bekräftelsen'
    )
    assert.isNull(endingRefusal({ active: 100, ending: 5, emptied: [] }, '2026-12-02', true))
  })
})
