import { test } from '@japa/runner'
import { periodChecklist, type ChecklistFacts } from '#domain/period_checklist'

/** A period where everything is in place. */
const ready = (changes: Partial<ChecklistFacts> = {}): ChecklistFacts => ({
  period: '2026-10',
  status: 'draft',
  supplierPools: 1,
  supplierInvoices: 1,
  callsIn: true,
  differenceFlagged: false,
  differenceExplained: false,
  credit: { status: 'proposed', proposedOre: 0n },
  hasCalculation: true,
  staleChanges: 0,
  warnings: 0,
  warningsRead: false,
  ...changes,
})

const stateOf = (facts: ChecklistFacts) =>
  Object.fromEntries(periodChecklist(facts).items.map((item) => [item.key, item.state]))

test.group('Month-end checklist (docs/adr/0024)', () => {
  test('a draft with every input in place can be approved, and the six items come in order', ({
    assert,
  }) => {
    const checklist = periodChecklist(ready())
    assert.isTrue(checklist.canApprove)
    assert.deepEqual(
      checklist.items.map((item) => item.key),
      ['supplierInvoice', 'calls', 'difference', 'credit', 'draft', 'warnings']
    )
    assert.deepEqual(checklist.blockers, [])
  })

  test('unread warnings block the approval and link to the warnings on the period page', ({
    assert,
  }) => {
    const checklist = periodChecklist(ready({ warnings: 2 }))
    assert.isFalse(checklist.canApprove)
    const [blocker] = checklist.blockers
    assert.equal(blocker.key, 'warnings')
    assert.equal(blocker.reason, 'warningsUnread')
    assert.deepEqual(blocker.params, { count: 2 })
    assert.equal(blocker.url, '/kostnadsfordelning/2026-10#warnings')
    assert.isTrue(periodChecklist(ready({ warnings: 2, warningsRead: true })).canApprove)
  })

  test('a stale draft blocks with the number of changes and links to the re-run', ({ assert }) => {
    const checklist = periodChecklist(ready({ staleChanges: 3 }))
    assert.isFalse(checklist.canApprove)
    assert.deepEqual(
      checklist.blockers.map((item) => [item.key, item.reason, item.params.count, item.url]),
      [['draft', 'draftStale', 3, '/kostnadsfordelning/2026-10#stale']]
    )
  })

  test('an unexplained difference blocks and links to the reconciliation; explained it is met', ({
    assert,
  }) => {
    const open = periodChecklist(ready({ differenceFlagged: true }))
    assert.deepEqual(
      open.blockers.map((item) => [item.key, item.url]),
      [['difference', '/samtal?manad=2026-10#reconciliation']]
    )
    assert.equal(
      stateOf(ready({ differenceFlagged: true, differenceExplained: true })).difference,
      'met'
    )
    assert.equal(stateOf(ready()).difference, 'notNeeded')
  })

  test('a proposed service credit above zero blocks until the coordinator decides it', ({
    assert,
  }) => {
    const open = periodChecklist(ready({ credit: { status: 'proposed', proposedOre: 1234_56n } }))
    assert.isFalse(open.canApprove)
    assert.deepEqual(open.blockers[0].params, { amount: '123456' })
    assert.equal(open.blockers[0].url, '/samtal?manad=2026-10#credit')
    for (const status of ['accepted', 'waived'] as const)
      assert.equal(stateOf(ready({ credit: { status, proposedOre: 1234_56n } })).credit, 'met')
    assert.equal(stateOf(ready({ credit: null })).credit, 'notNeeded')
  })

  test('a missing supplier invoice or missing calls are shown unmet but do not block', ({
    assert,
  }) => {
    const checklist = periodChecklist(ready({ supplierInvoices: 0, callsIn: false }))
    assert.isTrue(checklist.canApprove)
    const unmet = checklist.items.filter((item) => item.state === 'unmet')
    assert.deepEqual(
      unmet.map((item) => [item.key, item.blocks, item.url]),
      [
        ['supplierInvoice', false, '/administration/importer'],
        ['calls', false, '/administration/importer'],
      ]
    )
    assert.equal(
      stateOf(ready({ supplierPools: 0, supplierInvoices: 0 })).supplierInvoice,
      'notNeeded'
    )
  })

  test('only a draft can be approved: no calculation blocks, an approved period is not approvable', ({
    assert,
  }) => {
    const none = periodChecklist(ready({ status: null, hasCalculation: false }))
    assert.isFalse(none.canApprove)
    assert.equal(none.blockers[0].reason, 'noCalculation')
    assert.isFalse(periodChecklist(ready({ status: 'approved' })).canApprove)
  })
})
