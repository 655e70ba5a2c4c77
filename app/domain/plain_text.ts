/**
 * Codes, cost centres, references, names and settings are single-line plain text. A
 * control character in one — CR or LF above all — becomes a record of its own in the
 * files they are copied into (SIE 4 `#TRANS`, the journal, e-mail headers, CSV). So any
 * C0 or C1 control character (NUL, TAB, CR, LF, ESC, DEL, NEL …), the Unicode line and
 * paragraph separators, the bidi overrides and isolates (U+202A–E, U+2066–9) — and the noncharacters U+FFFE and U+FFFF, which an XML document
 * (the e-invoice) cannot hold at all — are refused where such text is entered — the forms' validators
 * (app/validators/plain_text.ts) and the CSV imports' field parsers (swedish_csv.ts) — and
 * writers of older data replace them.
 */
/* eslint-disable no-control-regex -- control characters are what these refuse */
const CONTROL_CHARACTER =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]/
const CONTROL_CHARACTERS =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g
/** The same in text of several lines: TAB, LF and CR are the text's own. */
const CONTROL_CHARACTER_IN_TEXT =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]/
/* eslint-enable no-control-regex */

export function hasControlCharacter(text: string) {
  return CONTROL_CHARACTER.test(text)
}

/**
 * Free text of several lines (feedback and its answers, announcements, agendas, comments,
 * forum posts): line breaks and tabs are allowed, every other control character refused
 * like in one-line text — an escape sequence, a DEL, a line separator, a bidi override that
 * makes text read otherwise than it is stored (attack pass 2026-12-03).
 */
export function hasControlCharacterInText(text: string) {
  return CONTROL_CHARACTER_IN_TEXT.test(text)
}

/** The text with every control character replaced (by a space unless told otherwise). */
export function replaceControlCharacters(text: string, replacement = ' ') {
  return text.replace(CONTROL_CHARACTERS, replacement)
}

/** Completes the sentence `Ansvar "…" …` (CSV rows) and `Ansvar …` (forms). */
export const CONTROL_CHARACTER_PROBLEM =
  'innehåller radbrytningar, tabbar eller andra kontrolltecken'
