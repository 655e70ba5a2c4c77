import { test } from '@japa/runner'
import { chosenOrganisation } from '#domain/organisation_scope'

const user = { id: 7, homeOrganisationId: 1 }

test.group('The organisation a contact acts for', () => {
  test('their own choice counts while it is one of their memberships', ({ assert }) => {
    assert.equal(chosenOrganisation(user, [1, 2], { userId: 7, organisationId: 2 }), 2)
  })

  test('a choice outside the memberships falls back to the home organisation', ({ assert }) => {
    assert.equal(chosenOrganisation(user, [1, 2], { userId: 7, organisationId: 3 }), 1)
  })

  test('another user’s choice does not count', ({ assert }) => {
    assert.equal(chosenOrganisation(user, [1, 2], { userId: 8, organisationId: 2 }), 1)
  })

  test('a malformed choice (strings, fractions, nothing) does not count', ({ assert }) => {
    for (const choice of [
      { userId: '7', organisationId: '2' },
      { userId: 7, organisationId: 2.5 },
      'organisation 2',
      null,
      undefined,
    ]) {
      assert.equal(chosenOrganisation(user, [1, 2], choice), 1)
    }
  })

  test('a home organisation no longer a membership gives way to the lowest membership', ({
    assert,
  }) => {
    assert.equal(chosenOrganisation(user, [4, 3], null), 3)
  })
})
