import vine from '@vinejs/vine'

/** Accept or waive the month's service credit, always with a comment. */
export const creditDecisionValidator = vine.create({
  decision: vine.enum(['accept', 'waive']),
  comment: vine.string().trim().minLength(5).maxLength(1000),
})

/** Why the supplier invoice differs from the call records. */
export const explanationValidator = vine.create({
  explanation: vine.string().trim().minLength(5).maxLength(2000),
})
