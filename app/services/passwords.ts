/**
 * What the password rules of app/domain/passwords.ts need from outside: the list of common
 * passwords and a source of randomness for one-time passwords.
 *
 * The common passwords are the first 10 000 of the frequency-ranked `passwords-common`
 * dictionary of @zxcvbn-ts/language-common (MIT licence, maintained with zxcvbn-ts; about
 * 49 000 entries, most frequent first). They are compared without regard to case.
 */
import { randomInt } from 'node:crypto'
import { dictionary } from '@zxcvbn-ts/language-common'
import { passwordRefusal } from '#domain/passwords'

export const COMMON_PASSWORD_COUNT = 10_000

let common: Set<string> | null = null

export function isCommonPassword(password: string) {
  common ??= new Set(
    (dictionary['passwords-common'] as string[])
      .slice(0, COMMON_PASSWORD_COUNT)
      .map((entry) => entry.toLowerCase())
  )
  return common.has(password.toLowerCase())
}

/** The rules of app/domain/passwords.ts with the list of common passwords. */
export function checkPassword(password: string, email: string) {
  return passwordRefusal(password, email, isCommonPassword)
}

/** Letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/**
 * A one-time password: four groups of four characters drawn uniformly with the system's
 * cryptographic randomness (79 bits), easy to read out over the phone: `k7mq-2xrt-9fzp-hw4d`.
 */
export function generateOneTimePassword() {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
  )
  return groups.join('-')
}
