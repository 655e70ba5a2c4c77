import { test } from '@japa/runner'
import { actionItemDueDateSpan, checkActionItemDueDate } from '#domain/meetings'

test.group('Action item due dates (docs/adr/0027, addendum)', () => {
  test('the due date may be from the meeting day up to and including two years after it', ({
    assert,
  }) => {
    assert.deepEqual(actionItemDueDateSpan('2026-11-12'), { from: '2026-11-12', to: '2028-11-12' })
    assert.deepEqual(checkActionItemDueDate('2026-11-12', '2026-11-12'), { ok: true })
    assert.deepEqual(checkActionItemDueDate('2028-11-12', '2026-11-12'), { ok: true })
    assert.deepEqual(checkActionItemDueDate('2027-06-30', '2026-11-12'), { ok: true })
  })

  test('a due date the day before the meeting, or the day after two years, is refused naming the span', ({
    assert,
  }) => {
    const refusal = {
      ok: false,
      error: 'dueDateOutsideSpan',
      params: { from: '2026-11-12', to: '2028-11-12' },
    }
    assert.deepEqual(checkActionItemDueDate('2026-11-11', '2026-11-12'), refusal)
    assert.deepEqual(checkActionItemDueDate('2028-11-13', '2026-11-12'), refusal)
    assert.deepEqual(checkActionItemDueDate('2019-01-01', '2026-11-12'), refusal)
  })

  test('a meeting on 29 February may set items due until 28 February two years later', ({
    assert,
  }) => {
    assert.deepEqual(actionItemDueDateSpan('2028-02-29'), { from: '2028-02-29', to: '2030-02-28' })
    assert.equal(checkActionItemDueDate('2030-03-01', '2028-02-29').ok, false)
  })
})
