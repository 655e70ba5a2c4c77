/**
 * The yearly satisfaction survey of the telephony contacts: questions on a 1–5 scale and
 * free text; each contact answers once; results only in aggregate, only once the survey
 * has closed, and only from five answers (docs/adr/0011).
 *
 * Who answered (`survey_participants`) is written with a sealed ballot; the ballots are
 * opened and counted when the survey closes, in one transaction that writes the results
 * anew, so no result row shares a transaction, an order or a time with a participant.
 *
 * The use cases live one per file in this folder, the reads in app/queries/surveys, the
 * rules in app/domain/surveys.ts; this file re-exports them for older imports.
 */
export {
  SURVEY_STATUSES,
  SCORES,
  MIN_RESPONSES_FOR_RESULTS,
  MAX_QUESTIONS,
  satisfiedShare,
  type SurveyStatus,
} from '#domain/surveys'
export { createSurvey } from '#actions/surveys/create_survey'
export { setSurveyStatus } from '#actions/surveys/set_survey_status'
export { answerSurvey } from '#actions/surveys/answer_survey'
export { hasAnswered, participation, surveyResults } from '#queries/surveys/surveys'
