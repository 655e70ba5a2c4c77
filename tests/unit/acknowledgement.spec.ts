import { test } from '@japa/runner'
import { isAcknowledged, requiredVersion } from '#domain/acknowledgement'

test.group('Routine acknowledgements', () => {
  test('the first version must be acknowledged', ({ assert }) => {
    const required = requiredVersion([{ version: 1, significant: false }])
    assert.equal(required, 1)
    assert.isFalse(isAcknowledged(null, required))
    assert.isTrue(isAcknowledged(1, required))
  })

  test('a minor new version keeps an earlier acknowledgement', ({ assert }) => {
    const required = requiredVersion([
      { version: 1, significant: true },
      { version: 2, significant: false },
    ])
    assert.isTrue(isAcknowledged(1, required))
  })

  test('a significant new version requires acknowledgement again', ({ assert }) => {
    const required = requiredVersion([
      { version: 1, significant: true },
      { version: 2, significant: false },
      { version: 3, significant: true },
    ])
    assert.equal(required, 3)
    assert.isFalse(isAcknowledged(2, required))
    assert.isTrue(isAcknowledged(3, required))
  })

  test('an unpublished routine needs nothing', ({ assert }) => {
    assert.isTrue(isAcknowledged(null, requiredVersion([])))
  })
})
