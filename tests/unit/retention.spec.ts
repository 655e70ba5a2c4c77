import { test } from '@japa/runner'
import { retentionCutoff } from '#domain/retention'

test.group('Retention cutoff', () => {
  test('whole months are kept: 36 months back from any day of December 2026 is 1 December 2023', ({
    assert,
  }) => {
    assert.equal(retentionCutoff('2026-12-02', 36), '2023-12-01')
    assert.equal(retentionCutoff('2026-12-31', 36), '2023-12-01')
  })

  test('the cutoff crosses year ends both ways', ({ assert }) => {
    assert.equal(retentionCutoff('2026-01-15', 1), '2025-12-01')
    assert.equal(retentionCutoff('2026-01-15', 12), '2025-01-01')
    assert.equal(retentionCutoff('2026-03-01', 14), '2025-01-01')
    assert.equal(retentionCutoff('2026-03-01', 0), '2026-03-01')
  })
})
