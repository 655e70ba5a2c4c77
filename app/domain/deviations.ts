/** Deviations in the supplier's delivery (DOMAIN.md): their kinds and statuses. */

export const DEVIATION_TYPES = [
  'felkopplat',
  'lang_vantetid',
  'bemotande',
  'tekniskt_fel',
  'annat',
] as const
export const DEVIATION_STATUSES = [
  'ny',
  'under_utredning',
  'skickad_till_leverantor',
  'atgardad',
  'avvisad',
] as const

export interface DeviationInput {
  occurredAt: Date
  entryNumber?: string
  type: (typeof DEVIATION_TYPES)[number]
  description: string
  callId?: string
}

/** Statuses that close a deviation: the reporter must get an answer. */
export const CLOSING_STATUSES: readonly (typeof DEVIATION_STATUSES)[number][] = [
  'atgardad',
  'avvisad',
]

/** Why a deviation use case was refused: a key under `deviations.errors` in resources/lang. */
export type DeviationRefusal = 'answerRequired' | 'mailNotConfigured'
