/**
 * Deviations in the supplier's delivery: a telephony contact reports one for their own
 * organisation; the coordinator triages it (status, comments), forwards it to the
 * supplier by e-mail and closes it with an answer the reporter sees. The use cases live
 * one per file in this folder, the reads in app/queries/deviations; this file re-exports
 * them for older imports.
 */
export { DEVIATION_TYPES, DEVIATION_STATUSES, type DeviationInput } from '#domain/deviations'
export { reportDeviation } from '#actions/deviations/report_deviation'
export { updateDeviationStatus } from '#actions/deviations/update_deviation_status'
export { forwardDeviation } from '#actions/deviations/forward_deviation'
export { deviationCounts } from '#queries/deviations/deviations'
