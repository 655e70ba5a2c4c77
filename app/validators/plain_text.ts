import vine from '@vinejs/vine'
import { hasControlCharacter, hasControlCharacterInText } from '#domain/plain_text'

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

/**
 * The same for free text of several lines (feedback, answers, announcements, agendas,
 * comments, posts): line breaks and tabs are kept, any other control character is refused.
 * NUL never gets this far (app/middleware/reject_nul_bytes_middleware.ts). Message:
 * `validator.shared.messages.controlCharactersInText`.
 */
export const noControlCharactersInText = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && hasControlCharacterInText(value)) {
    field.report(
      '{{ field }} får inte innehålla kontrolltecken eller osynliga styrtecken (radbrytningar och tabbar går bra)',
      'controlCharactersInText',
      field
    )
  }
})
