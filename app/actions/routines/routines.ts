/**
 * The routines' use cases live one per file in this folder and their reads in
 * app/queries/routines/routines.ts; this file re-exports them for older imports.
 */
export { createRoutine, type RoutineInput } from '#actions/routines/create_routine'
export { saveDraft } from '#actions/routines/save_routine_draft'
export { publishRoutine } from '#actions/routines/publish_routine'
export { acknowledgeRoutine } from '#actions/routines/acknowledge_routine'
export { versionsOf, routinesFor, acknowledgementCoverage } from '#queries/routines/routines'
