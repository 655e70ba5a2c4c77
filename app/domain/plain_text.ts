/**
 * Codes, cost centres, references, names and settings are single-line plain text. A
 * control character in one — CR or LF above all — becomes a record of its own in the
 * files they are copied into (SIE 4 `#TRANS`, the journal, e-mail headers, CSV). So any
 * C0 or C1 control character (NUL, TAB, CR, LF, ESC, DEL, NEL …) and the Unicode line and
 * paragraph separators — and the noncharacters U+FFFE and U+FFFF, which an XML document
 * (the e-invoice) cannot hold at all — are refused where such text is entered — the forms' validators
 * (app/validators/plain_text.ts) and the CSV imports' field parsers (swedish_csv.ts) — and
 * writers of older data replace them.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]/
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]/g

export function hasControlCharacter(text: string) {
  return CONTROL_CHARACTER.test(text)
}

/** The text with every control character replaced (by a space unless told otherwise). */
export function replaceControlCharacters(text: string, replacement = ' ') {
  return text.replace(CONTROL_CHARACTERS, replacement)
}

/** Completes the sentence `Ansvar "…" …` (CSV rows) and `Ansvar …` (forms). */
export const CONTROL_CHARACTER_PROBLEM =
  'innehåller radbrytningar, tabbar eller andra kontrolltecken'
