import { monthQuality, weekdayHourHeatmap } from '#queries/quality/month_quality'
import { deviationCounts } from '#queries/deviations/deviations'
import { reconciliation, serviceCreditFor } from '#queries/quality/service_credit'
import { renderSupplierReport } from '#services/quality_report_pdf'

/** The monthly supplier follow-up report (PDF) for a period. */
export async function supplierReportPdf(period: string) {
  const report = await monthQuality(period)
  return renderSupplierReport({
    ...report,
    heatmap: await weekdayHourHeatmap(period),
    deviations: await deviationCounts(period),
    reconciliation: await reconciliation(period),
    credit: await serviceCreditFor(period),
  })
}
