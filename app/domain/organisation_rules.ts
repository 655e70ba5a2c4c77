import type { Parsed } from '#domain/swedish_csv'

export type OrganisationKind = 'forvaltning' | 'bolag'

/** `förvaltning` (also written `forvaltning`) or `bolag`, any case. */
export function parseOrganisationKind(raw: string): Parsed<OrganisationKind> {
  const text = raw.trim().toLowerCase().replace('ö', 'o')
  if (text === 'forvaltning') return { ok: true, value: 'forvaltning' }
  if (text === 'bolag') return { ok: true, value: 'bolag' }
  if (text === '') return { ok: false, message: 'saknas (ange förvaltning eller bolag)' }
  return { ok: false, message: 'är ingen giltig typ (ange förvaltning eller bolag)' }
}

/** An organisation code (FORMATS.md): 1–16 characters, A–Z, 0–9 and `-` only. */
export const ORGANISATION_CODE = /^[A-Z0-9-]{1,16}$/
export const ORGANISATION_CODE_MAX_LENGTH = 16

/** The characters of a code that are not allowed, each once, in order of appearance. */
export function disallowedCodeCharacters(code: string): string[] {
  return [...new Set([...code].filter((char) => !/[A-Z0-9-]/.test(char)))]
}

/** A character as a message names it: control characters by their code point. */
function nameOfCharacter(char: string) {
  if (char === ' ') return 'mellanslag'
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f-\u009f]/.test(char)) {
    return `tecknet U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  }
  return `"${char}"`
}

/**
 * A code as typed or imported: trimmed and in capitals (`sdf-bromma` is `SDF-BROMMA`);
 * any other character is refused by name — Excel's en dash (–) with a hint, since it
 * looks like the hyphen it replaced.
 */
export function parseOrganisationCode(raw: string): Parsed<string> {
  const code = raw.trim().toUpperCase()
  if (code === '') return { ok: false, message: 'saknas' }
  const bad = disallowedCodeCharacters(code)
  if (bad.includes('\u2013')) {
    const message =
      'innehåller ett tankstreck (–), som Excel sätter in; skriv ett vanligt bindestreck (-)'
    return { ok: false, message }
  }
  if (bad.length > 0) {
    const named = bad.map(nameOfCharacter).join(', ')
    return { ok: false, message: `får bara innehålla A–Z, 0–9 och bindestreck (-), inte ${named}` }
  }
  if (code.length > ORGANISATION_CODE_MAX_LENGTH) {
    return { ok: false, message: `är längre än ${ORGANISATION_CODE_MAX_LENGTH} tecken` }
  }
  return { ok: true, value: code }
}
