import { test } from '@japa/runner'
import { isSecretField, withoutSecrets } from '#middleware/flash_without_secrets_middleware'

test.group('Flashed input / secrets', () => {
  test('every password, one-time password, token, key and secret field counts as secret', ({
    assert,
  }) => {
    for (const name of [
      'password',
      'password_confirmation',
      'currentPassword',
      'newPassword',
      'newPassword_confirmation',
      'oneTimePassword',
      'one_time_password',
      'otp',
      'pin',
      'apiKey',
      'api_key',
      'newToken',
      'accessToken',
      'clientSecret',
      '_csrf',
    ]) {
      assert.isTrue(isSecretField(name), name)
    }
    for (const name of [
      'email',
      'fullName',
      'name',
      'costCentre',
      'description',
      'scores',
      'inputErrorsBag',
      'freeText',
      'option',
    ]) {
      assert.isFalse(isSecretField(name), name)
    }
  })

  test('secret fields are dropped at any depth, the rest is kept as it was', ({ assert }) => {
    const input = {
      email: 'a@stad.example',
      currentPassword: 'x',
      values: { issuer_name: 'Växeln', smtp_password: 'y' },
      list: [{ token: 'z', n: 1 }],
    }
    assert.deepEqual(withoutSecrets(input), {
      email: 'a@stad.example',
      values: { issuer_name: 'Växeln' },
      list: [{ n: 1 }],
    })
  })
})
