import vine from '@vinejs/vine'
import { hasControlCharacter } from '#domain/plain_text'

/**
 * The one VineJS rule for single-line plain text (codes, cost centres, references, names,
 * titles, settings): no control character at all (app/domain/plain_text.ts). Message:
 * `validator.shared.messages.controlCharacters`.
 */
export const noControlCharacters = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && hasControlCharacter(value)) {
    field.report(
      '{{ field }} får inte innehålla radbrytningar, tabbar eller andra kontrolltecken',
      'controlCharacters',
      field
    )
  }
})
