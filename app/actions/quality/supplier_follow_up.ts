/**
 * The money side of supplier quality: the month's proposed service credit (accepted or
 * waived by the coordinator, with a comment) and the reconciliation of the supplier
 * invoice against the call records, whose flagged difference blocks approval of the
 * period until it is explained. The reads are in app/queries/quality/service_credit.ts
 * and supplier_report.ts, the use cases in decide_service_credit.ts and
 * explain_reconciliation.ts beside this file, which re-exports them for older imports.
 */
export {
  serviceCreditFor,
  acceptedCreditOre,
  reconciliation,
} from '#queries/quality/service_credit'
export { supplierReportPdf } from '#queries/quality/supplier_report'
export { decideServiceCredit } from '#actions/quality/decide_service_credit'
export { explainReconciliation } from '#actions/quality/explain_reconciliation'
