import type { HttpContext } from '@adonisjs/core/http'
import { tertialReport } from '#queries/reports/tertial_report'
import { costTrends } from '#queries/reports/cost_trends'
import { organisationOptions } from '#queries/organisations/list_organisations'
import { tertialOf } from '#domain/date_ranges'
import { rowIdOrNull } from '#domain/query_values'
import { clock } from '#services/clock'
import { sendDownload } from '#services/download'
import { renderTertialReportPdf } from '#services/tertial_report_pdf'

const YEAR = /^(20\d\d|2100)$/

/** The last completed tertial report before today: T1 → last year's annual report. */
function lastCompleted(today: string): [number, 1 | 2 | 3] {
  const year = Number(today.slice(0, 4))
  const tertial = tertialOf(today)
  return tertial === 1 ? [year - 1, 3] : [year, (tertial - 1) as 1 | 2]
}

/**
 * Reports over longer periods (issue 17 points 3 and 6): the tertial and annual report
 * for the board (page and PDF) and the cost trends per organisation.
 */
export default class ReportsController {
  async tertial({ request, response, view, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    let [year, tertial] = lastCompleted(clock.today())
    const typedYear = request.input('ar')
    const typedTertial = request.input('tertial')
    let refused = false
    if (typedYear !== undefined || typedTertial !== undefined) {
      if (YEAR.test(String(typedYear)) && /^[1-3]$/.test(String(typedTertial))) {
        year = Number(typedYear)
        tertial = Number(typedTertial) as 1 | 2 | 3
      } else refused = true
    }
    if (refused) response.status(422)
    return view.render('pages/reports/tertial', {
      report: await tertialReport(year, tertial),
      refused,
    })
  }

  async tertialPdf({ params, response, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const report = await tertialReport(Number(params.year), Number(params.tertial) as 1 | 2 | 3)
    const pdf = await renderTertialReportPdf(report, i18n)
    return sendDownload(
      response,
      `tertialrapport-${params.year}-T${params.tertial}.pdf`,
      'application/pdf',
      pdf
    )
  }

  async costTrends({ request, response, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const thisYear = clock.year()
    let fromYear = thisYear - 2
    let toYear = thisYear
    let refused = false
    const typedFrom = request.input('fran')
    const typedTo = request.input('till')
    if (typedFrom !== undefined || typedTo !== undefined) {
      if (
        YEAR.test(String(typedFrom)) &&
        YEAR.test(String(typedTo)) &&
        Number(typedFrom) <= Number(typedTo) &&
        Number(typedTo) - Number(typedFrom) < 10
      ) {
        fromYear = Number(typedFrom)
        toYear = Number(typedTo)
      } else refused = true
    }
    const organisationId = user.isContact
      ? user.organisationId!
      : rowIdOrNull(request.input('organisation'))
    if (refused) response.status(422)
    return view.render('pages/reports/cost_trends', {
      fromYear,
      toYear,
      refused,
      typed: { fran: typedFrom ?? '', till: typedTo ?? '' },
      organisationId,
      organisations: user.isContact ? [] : await organisationOptions(),
      rows: await costTrends(fromYear, toYear, organisationId),
    })
  }
}
