/**
 * Labels, not codes (issue 15): every code a person reads — a deviation's type or status,
 * an organisation's kind, a role, a period's status, an audited field — goes through
 * `labelKey` to its text in resources/lang; `label` (app/services/labels.ts) renders it.
 */
export const LABEL_SETS = {
  deviationType: 'deviations.types',
  deviationStatus: 'deviations.statuses',
  organisationKind: 'kinds',
  role: 'roles',
  periodStatus: 'allocations.statuses',
  importType: 'imports.types',
  serviceCreditStatus: 'labels.serviceCreditStatuses',
  auditField: 'labels.fields',
  callOutcome: 'callList.outcomes',
  // issue 15 point 6: the rest of the codes a page, a PDF or the audit log shows
  feedbackType: 'feedback.types',
  surveyStatus: 'surveys.statuses',
  importStatus: 'imports.statuses',
  poolBasis: 'allocations.bases',
  poolSource: 'costPools.sources',
  forecastMethod: 'budget.methods',
  controlLoopInput: 'controlLoop.inputs',
  // the enumerations of the later modules (issue 16)
  meetingKind: 'meetings.kinds',
  meetingAnswer: 'meetings.answers',
  extensionOrderKind: 'extensionOrders.kinds',
  extensionOrderStatus: 'extensionOrders.statuses',
  deliveryStatus: 'deliveries.statuses',
  invoiceStatus: 'invoiceList.statuses',
  feedbackStatus: 'feedback.statuses',
  announcementKind: 'announcements.kinds',
  tokenScope: 'users.tokenScopes',
  notificationKind: 'notifications.kinds',
} as const
export type LabelSet = keyof typeof LABEL_SETS

/** The i18n key of a code's label. */
export function labelKey(set: LabelSet, code: string) {
  return `${LABEL_SETS[set]}.${code}`
}

/** The audited fields whose values are codes, and the label set of those values. */
export const CODED_FIELDS: Record<string, LabelSet> = {
  kind: 'organisationKind',
  role: 'role',
  status: 'deviationStatus',
  type: 'deviationType',
}
