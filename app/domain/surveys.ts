/**
 * The satisfaction survey's rules (DOMAIN.md): statuses, the 1–5 scale, results only from
 * five answers, the share satisfied (4–5) and whether it meets the target — compared in
 * whole answers, never in floating percent.
 */

export const SURVEY_STATUSES = ['utkast', 'oppen', 'stangd'] as const
export type SurveyStatus = (typeof SURVEY_STATUSES)[number]
export const SCORES = [1, 2, 3, 4, 5] as const
/**
 * Results are shown from this many answers, so that no single person's answer can be read
 * off the figures; a survey that closes with fewer does not keep its answers.
 */
export const MIN_RESPONSES_FOR_RESULTS = 5
export const MAX_QUESTIONS = 20

/** Why answering was refused: a key under `surveys.errors` in resources/lang. */
export type SurveyRefusal = 'scoresMissing' | 'notOpen' | 'alreadyAnswered'

/** The questions as typed, one per line (empty lines dropped). */
export function questionLines(text: string) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
}

/** The longest question (characters). */
export const QUESTION_MAX_LENGTH = 300

/** Share of scores that are 4 or 5, as a fraction (null without answers); distribution = counts of 1..5. */
export function satisfiedShare(distribution: number[]) {
  const total = distribution.reduce((sum, count) => sum + count, 0)
  return total === 0 ? null : (distribution[3] + distribution[4]) / total
}

export const totalAnswers = (questions: { total: number }[]) =>
  questions.reduce((sum, question) => sum + question.total, 0)
export const overallSatisfiedTimes100 = (questions: { distribution: number[] }[]) =>
  questions.reduce(
    (sum, question) => sum + question.distribution[3] + question.distribution[4],
    0
  ) * 100
