/**
 * Sealed survey ballots (docs/adr/0011): while a survey is open an answer is stored
 * encrypted (AES-256-GCM, keyed by APP_KEY, bound to its survey) and padded to one fixed
 * size, so that whoever reads the database sees *that* a contact answered, never what —
 * not even how long their free text was. The ballots are opened when the survey closes.
 */
import encryption from '@adonisjs/core/services/encryption'

export interface Ballot {
  /** score per question id */
  scores: Record<number, number>
  freeText: string | null
}

/**
 * Every ballot is padded to this many characters before it is encrypted: the largest
 * answer the form takes (20 scores and 5 000 characters of free text, even in a script
 * of three UTF-8 bytes a character) fits, so every ballot has the same length.
 */
const SEALED_LENGTH = 24 * 1024

const purpose = (surveyId: number) => `survey-ballot-${surveyId}`

export function sealBallot(surveyId: number, ballot: Ballot) {
  // base64 first: it has no character the encrypter's JSON would escape, so the padded
  // length is exactly the length that is encrypted
  const encoded = Buffer.from(JSON.stringify(ballot), 'utf8').toString('base64')
  const length = Math.ceil(encoded.length / SEALED_LENGTH) * SEALED_LENGTH
  return encryption.encrypt(encoded.padEnd(length, ' '), undefined, purpose(surveyId))
}

/** The ballot, or null when it was not sealed for this survey with this key. */
export function openBallot(surveyId: number, sealed: string): Ballot | null {
  const encoded = encryption.decrypt<string>(sealed, purpose(surveyId))
  if (typeof encoded !== 'string') return null
  return JSON.parse(Buffer.from(encoded.trimEnd(), 'base64').toString('utf8')) as Ballot
}
