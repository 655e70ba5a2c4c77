import type { HttpContext } from '@adonisjs/core/http'
import { renderMessages } from '#domain/coded_message'
import { companyDetailWarnings, renderWarning } from '#queries/month_end/company_details'
import { Exception } from '@adonisjs/core/exceptions'
import { approvalValidator, periodValidator } from '#validators/month_end'
import {
  runAllocation,
  setPeriodApproval,
  type ApprovalConfirmation,
} from '#actions/month_end/run_allocation'
import { getSettings } from '#services/settings'
import { controlLoopOverview } from '#queries/month_end/control_loop_overview'
import { periodStaleness } from '#queries/month_end/staleness'
import { emptyPoolsOf, stalePeriods, userFullName } from '#queries/month_end/allocation_page'
import { listPeriods, periodOverview, shareEvidence } from '#queries/month_end/period_overview'
import { isPeriod, monthOf, previousMonth, todayInStockholm } from '#domain/periods'
import { toCsv } from '#services/csv_writer'
import { inReaderLanguage } from '#services/messages'
import { sendDownload } from '#services/download'
import { RequestRefusedException } from '#exceptions/request_refused_exception'
import Organisation from '#models/organisation'
import { periodChecklistOf, warningsReadBy } from '#queries/month_end/period_checklist'
import { approvedBy, findPeriod, periodMatrix } from '#queries/month_end/allocation_matrix'
import { matrixQueryString, matrixSortLinks, parseMatrixOptions } from '#validators/period_views'
import { markWarningsRead } from '#actions/month_end/mark_warnings_read'
import { warningsReadValidator } from '#validators/month_end'
import { approveCheckedPeriod } from '#actions/month_end/approve_checked_period'

/** Kostnadsfördelning: run, review, approve and reopen a period's allocation. */
export default class AllocationsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const periods = await listPeriods()
    // a draft or approval whose inputs changed since: marked in the list (docs/adr/0015)
    const stale = await stalePeriods(
      periods
        .filter((p) => p.status !== 'invoiced')
        .slice(0, 12)
        .map((p) => p.period)
    )
    return view.render('pages/allocations/index', {
      periods,
      stale,
      suggested: previousMonth(monthOf(todayInStockholm())),
    })
  }

  async show({ params, view, auth, bouncer, i18n, request, response }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    if (!isPeriod(params.period)) throw new Exception('Perioden finns inte', { status: 404 })
    // the controller's view (docs/adr/0024): checklist and organisation × pool matrix, a page
    // of organisations at a time; the pools below show the shares of that page's
    // organisations (docs/adr/0035), a contact's pools their own
    const office = !user.isContact
    const { options, errors: matrixErrors } = parseMatrixOptions(office ? request.qs() : {})
    if (Object.keys(matrixErrors).length > 0) response.status(422)
    const matrix = office ? await periodMatrix(params.period, options) : null
    matrix?.paginator.baseUrl(request.url()).queryString(matrixQueryString(options))
    const overview = await periodOverview(
      params.period,
      matrix ? matrix.rows.map((row) => row.organisationId) : user.organisationId
    )
    if (!overview) throw new Exception('Perioden finns inte', { status: 404 })
    // the office sees which companies cannot get a lawful invoice yet (not stored: live)
    const liveWarnings =
      user.isContact || overview.period.status === 'invoiced'
        ? []
        : await companyDetailWarnings(params.period)
    const companyWarnings = liveWarnings.map((warning) =>
      renderWarning(warning, (key, data) => i18n.t(key, data as never))
    )
    const settings = await getSettings()
    const calculatedBy = overview.period.calculated_by
    // the checklist and the control loop both show it: the inputs are compared once, and
    // the period's row read above serves all three
    const current = overview.period
    const stale = office ? await periodStaleness(params.period, current) : undefined
    return view.render('pages/allocations/show', {
      checklist: office ? await periodChecklistOf(params.period, { stale, current }) : null,
      matrix,
      matrixOptions: options,
      sortLinks: matrixSortLinks(options),
      matrixErrors,
      approval: await approvedBy(params.period),
      warningsRead: office ? await warningsReadBy(params.period) : null,
      ...overview,
      // the stored warnings are codes (docs/adr/0019): worded in the reader's language; they
      // are the office's work list, not a contact's (issue 15)
      period: {
        ...overview.period,
        warnings: office
          ? renderMessages(overview.period.warnings, (key, data) => i18n.t(key, data))
          : [],
      },
      companyWarnings,
      // four eyes: the page says why the approve button is missing
      fourEyesBlocked:
        settings.four_eyes !== 'nej' && calculatedBy !== null && Number(calculatedBy) === user.id,
      emptyPools: await emptyPoolsOf(params.period),
      controlLoop: office ? await controlLoopOverview(params.period, { stale, current }) : null,
      emptyPoolConfirmedBy: await userFullName(overview.period.empty_pool_confirmed_by),
    })
  }

  /** Approval asks for confirmation: the checklist, the totals, then the button (or why not). */
  async confirmApproval({ params, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('approvePeriods')
    const period = await findPeriod(params.period)
    if (!period) throw new Exception('Perioden finns inte', { status: 404 })
    const settings = await getSettings()
    const user = auth.getUserOrFail()
    return view.render('pages/allocations/approve', {
      // the page lists the blockers itself, below the totals
      confirmationPage: true,
      period,
      checklist: await periodChecklistOf(params.period),
      matrix: await periodMatrix(params.period, {}),
      emptyPools: await emptyPoolsOf(params.period),
      fourEyesBlocked:
        settings.four_eyes !== 'nej' &&
        period.calculated_by !== null &&
        Number(period.calculated_by) === user.id,
    })
  }

  /** The allocation's warnings are read (the checklist's last item). */
  async markWarningsRead({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const { calculationId } = await request.validateUsing(warningsReadValidator)
    const result = await markWarningsRead(params.period, calculationId, auth.getUserOrFail().id)
    if (result.ok) session.flash('success', i18n.t('periodChecklist.warningsMarkedRead'))
    else session.flash('error', inReaderLanguage(i18n, result.error))
    return response.redirect().toRoute('allocations.show', { period: params.period })
  }

  async run({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const { period } = await request.validateUsing(periodValidator)
    const result = await runAllocation(period, auth.getUserOrFail().id)
    if (result.ok) session.flash('success', i18n.t('allocationMessages.calculated', { period }))
    else
      session.flash('error', result.errors.map((error) => inReaderLanguage(i18n, error)).join(' '))
    return response.redirect().toRoute('allocations.show', { period })
  }

  async approve(ctx: HttpContext) {
    await ctx.bouncer.authorize('approvePeriods')
    const { calculationId, confirmEmptyPool, emptyPoolComment } =
      await ctx.request.validateUsing(approvalValidator)
    // the checklist's blockers are refused on the web too, not only by a missing button
    const result = await approveCheckedPeriod(
      ctx.params.period,
      ctx.auth.getUserOrFail().id,
      calculationId,
      confirmEmptyPool ? { emptyPoolComment: emptyPoolComment ?? '' } : {}
    )
    if (result.ok)
      ctx.session.flash(
        'success',
        ctx.i18n.t('monthEnd.outcomes.approved', { period: ctx.params.period })
      )
    else ctx.session.flash('error', inReaderLanguage(ctx.i18n, result.error))
    return ctx.response.redirect().toRoute('allocations.show', { period: ctx.params.period })
  }

  async reopen(ctx: HttpContext) {
    await ctx.bouncer.authorize('approvePeriods')
    return this.#approval(ctx, false)
  }

  async #approval(
    { params, response, session, auth, i18n }: HttpContext,
    approve: boolean,
    calculationId?: number,
    confirmation: ApprovalConfirmation = {}
  ) {
    const result = await setPeriodApproval(
      params.period,
      approve,
      auth.getUserOrFail().id,
      calculationId,
      confirmation
    )
    if (result.ok)
      session.flash(
        'success',
        i18n.t(approve ? 'monthEnd.outcomes.approved' : 'monthEnd.outcomes.reopened', {
          period: params.period,
        })
      )
    else session.flash('error', inReaderLanguage(i18n, result.error))
    return response.redirect().toRoute('allocations.show', { period: params.period })
  }

  /** The evidence behind one organisation's share of a pool. */
  async evidence({ params, request, view, response, bouncer, i18n }: HttpContext) {
    const organisation = await Organisation.findOrFail(params.organisation)
    await bouncer.authorize('viewOrganisation', organisation)
    const format = request.input('format', 'html')
    if (format !== 'html' && format !== 'csv') {
      throw new RequestRefusedException(i18n.t('errors.unknownFormat', { formats: 'csv' }))
    }
    const evidence = await shareEvidence(params.period, params.pool, organisation.id)
    if (!evidence) throw new Exception('Underlaget finns inte', { status: 404 })
    if (format === 'csv') {
      const csv = toCsv(
        ['Anknytning', 'Namn', 'Typ', 'Giltig från'],
        evidence.extensions.map((e) => [e.number, e.name, e.type, e.valid_from])
      )
      const name = `underlag-${params.period}-${params.pool}-${organisation.code}.csv`
      return sendDownload(response, name, 'text/csv; charset=utf-8', csv)
    }
    return view.render('pages/allocations/evidence', {
      ...evidence,
      organisation,
      period: params.period,
    })
  }
}
