/**
 * One scrypt hash per password in the test process. Factories create well over a thousand
 * users with the same password, and each `hash.make` is a full scrypt (N = 16384), the
 * same work giving the same kind of answer every time. Here the first hash of a password
 * is kept and handed out again for it: still a real `$scrypt$` hash with the app's
 * parameters that `hash.verify` (every login) checks in full. Only `make` is shared, only
 * in this process; the servers the tests start as processes of their own hash as always.
 */
import hash from '@adonisjs/core/services/hash'

export function reuseHashPerPassword() {
  const hasher = hash.use('scrypt')
  const make = hasher.make.bind(hasher)
  const made = new Map<string, Promise<string>>()
  hasher.make = (value: string) => {
    let hashed = made.get(value)
    if (!hashed) {
      hashed = make(value)
      made.set(value, hashed)
      hashed.catch(() => made.delete(value))
    }
    return hashed
  }
}
