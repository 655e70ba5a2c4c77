import type { HttpContext } from '@adonisjs/core/http'
import { latestCallMonth } from '#queries/calls/call_volumes'
import { organisationDeviations, organisationShares } from '#queries/quality/organisation_report'
import { clock } from '#services/clock'
import { RequestRefusedException } from '#exceptions/request_refused_exception'
import {
  monthPageFigures,
  monthQuality,
  perEntryNumber,
  transferredToOrganisation,
  trend13Months,
  weekdayHourHeatmap,
} from '#queries/quality/month_quality'
import { isPeriod, monthOf, previousMonth } from '#domain/periods'
import type { QualityFigures } from '#domain/service_level'
import { formatInteger, formatMonth, formatPercent, formatSeconds } from '#domain/formatting'
import { heatmap as heatmapSvg, lineChart } from '#services/svg_chart'
import { asText, type Cell } from '#services/csv_writer'
import { sendDownload, sendTable, tableFormatOf } from '#services/download'
import { deviationCounts } from '#queries/deviations/deviations'
import { monthlyCallVolumes } from '#queries/calls/call_volumes'
import { renderOrganisationReport } from '#services/quality_report_pdf'
import Organisation from '#models/organisation'
import { creditDecisionValidator, explanationValidator } from '#validators/quality'
import { decideServiceCredit } from '#actions/quality/decide_service_credit'
import { explainReconciliation } from '#actions/quality/explain_reconciliation'
import { monthFollowUp } from '#queries/quality/service_credit'
import { supplierReportPdf } from '#queries/quality/supplier_report'

async function chosenMonth(input: unknown) {
  if (isPeriod(input)) return input
  return (await latestCallMonth()) ?? previousMonth(monthOf(clock.today()))
}

/** The `?vy=` values of the CSV download (anything else is a 400, never part of a file name). */
const DOWNLOAD_VIEWS: unknown[] = ['dagar', 'veckodag', 'ingang', 'trend']

const percent = (value: number | null) =>
  value === null ? '' : (value * 100).toFixed(1).replace('.', ',')
const seconds = (value: number | null) => (value === null ? '' : value.toFixed(1).replace('.', ','))

type Report = Awaited<ReturnType<typeof monthQuality>>

/** The KPI tiles and the SVG charts of Samtal & kvalitet (app/services/svg_chart.ts). */
function qualityCharts(
  month: string,
  report: Report,
  heatmap: Awaited<ReturnType<typeof weekdayHourHeatmap>>,
  trend: Awaited<ReturnType<typeof trend13Months>>,
  i18n: HttpContext['i18n']
) {
  const target = report.targets.serviceLevelTarget
  const targetText = formatPercent(target)
  const previousKey = previousMonth(month)
  const previous = trend.find((row) => row.key === previousKey) ?? null
  const points = (value: number | null, before: number | null | undefined) =>
    value === null || before === null || before === undefined
      ? null
      : i18n.t('charts.changePoints', {
          change: signed(Math.round((value - before) * 1000) / 10, 1),
          month: formatMonth(previousKey, i18n.locale),
        })
  const f = report.figures
  const tiles = [
    {
      label: i18n.t('quality.serviceLevelShort'),
      value: formatPercent(f.serviceLevel),
      target: i18n.t('charts.targetMin', { target: targetText }),
      met: f.serviceLevelMet,
      change: points(f.serviceLevel, previous?.serviceLevel),
    },
    {
      label: i18n.t('quality.abandonRateShort'),
      value: formatPercent(f.abandonRate),
      target: i18n.t('charts.targetMax', {
        target: formatPercent(report.targets.abandonRateTarget),
      }),
      met: f.abandonRateMet,
      change: points(f.abandonRate, previous?.abandonRate),
    },
    {
      label: i18n.t('quality.asa'),
      value: formatSeconds(f.asaSeconds),
      target: null,
      met: null,
      change: null,
    },
    {
      label: i18n.t('charts.offered'),
      value: formatInteger(f.offered),
      target: null,
      met: null,
      change: previous
        ? i18n.t('charts.changeCount', {
            change: signed(f.offered - previous.offered),
            month: formatMonth(previousKey, i18n.locale),
          })
        : null,
    },
  ]
  const below = report.days.filter(
    (day) => day.serviceLevel !== null && day.serviceLevel < day.targets.serviceLevelTarget
  ).length
  const low = Math.max(0, Math.floor(target * 10 - 2) / 10)
  return {
    tiles,
    days: lineChart({
      id: 'chart-days',
      title: i18n.t('charts.perDayTitle'),
      description: i18n.t('charts.perDayDescription', {
        month: formatMonth(month, i18n.locale),
        target: targetText,
        below,
      }),
      points: report.days.map((day) => ({ label: day.day.slice(8), value: day.serviceLevel })),
      target,
      targetLabel: i18n.t('charts.target', { target: targetText }),
    }),
    trend: lineChart({
      id: 'chart-trend',
      title: i18n.t('charts.trendTitle'),
      description: i18n.t('charts.trendDescription', { target: targetText }),
      points: trend.map((row) => ({ label: row.key, value: row.serviceLevel })),
      target,
      targetLabel: i18n.t('charts.target', { target: targetText }),
    }),
    heatmap: heatmapSvg({
      id: 'chart-heatmap',
      title: i18n.t('quality.heatmapTitle'),
      description: i18n.t('charts.heatmapDescription', { low: formatPercent(low) }),
      columns: heatmap.hours,
      rows: heatmap.weekdays.map((row) => ({
        label: i18n.t(`quality.weekdays.${row.weekday}`).slice(0, 3),
        cells: row.cells.map((cell) => cell?.serviceLevel ?? null),
      })),
      low,
      legendLow: i18n.t('charts.legendLow', { low: formatPercent(low) }),
      legendHigh: i18n.t('charts.legendHigh'),
    }),
  }
}

/** A change with its sign: +1,5 / −2 (the minus sign, not a hyphen). */
function signed(value: number, decimals = 0) {
  const text =
    decimals > 0
      ? Math.abs(value).toFixed(decimals).replace('.', ',')
      : formatInteger(Math.abs(value))
  return value > 0 ? `+${text}` : value < 0 ? `\u2212${text}` : '±0'
}

/**
 * Samtal & kvalitet: the month's figures against the contract's targets, with the
 * formula written out, per day. A telephony contact sees the calls transferred to their
 * own organisation and their share of the city's transferred calls.
 */
export default class QualityController {
  async index({ request, view, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const month = await chosenMonth(request.input('manad'))
    if (user.isContact) {
      const days = await transferredToOrganisation(month, user.organisationId!)
      const own = days.reduce((sum, day) => sum + day.own, 0)
      const city = days.reduce((sum, day) => sum + day.city, 0)
      const trend = await monthlyCallVolumes(13, user.organisationId)
      return view.render('pages/quality/contact', {
        month,
        days,
        own,
        city,
        share: city ? own / city : null,
        trend,
      })
    }
    const { report, heatmap, entries, trend } = await monthPageFigures(month)
    // the reconciliation and the service credit from one read of the month's facts
    const { check, credit } = await monthFollowUp(month, report)
    return view.render('pages/quality/index', {
      month,
      report,
      heatmap,
      entries,
      trend,
      charts: qualityCharts(month, report, heatmap, trend, i18n),
      deviations: await deviationCounts(month),
      credit,
      check,
    })
  }

  /** Accept or waive the month's proposed service credit (the coordinator, with a comment). */
  async decideCredit({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const { decision, comment } = await request.validateUsing(creditDecisionValidator)
    const result = await decideServiceCredit(
      params.period,
      decision === 'accept',
      comment,
      auth.getUserOrFail().id
    )
    if (result.ok)
      session.flash(
        'success',
        i18n.t(decision === 'accept' ? 'quality.creditAccepted' : 'quality.creditWaived')
      )
    else if (result.error === 'periodLocked')
      session.flash(
        'error',
        i18n.t('quality.errors.periodLocked', {
          period: result.params.period,
          status: i18n.t(`quality.periodStatus.${result.params.status}`),
        })
      )
    else session.flash('error', i18n.t(`quality.errors.${result.error}`))
    return response.redirect().toRoute('calls.index', {}, { qs: { manad: params.period } })
  }

  /** Explain a flagged reconciliation difference so the period can be approved. */
  async explain({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const { explanation } = await request.validateUsing(explanationValidator)
    await explainReconciliation(params.period, explanation, auth.getUserOrFail().id)
    session.flash('success', i18n.t('quality.explanationSaved'))
    return response.redirect().toRoute('calls.index', {}, { qs: { manad: params.period } })
  }

  /** The supplier follow-up as PDF: the document for the meeting with the supplier. */
  async supplierReport({ params, response, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const period = params.period
    const pdf = await supplierReportPdf(period)
    return sendDownload(response, `leverantorsuppfoljning-${period}.pdf`, 'application/pdf', pdf)
  }

  /** One organisation's monthly report (its contacts may download their own). */
  async organisationReport({ params, response, bouncer }: HttpContext) {
    const organisation = await Organisation.findOrFail(params.organisation)
    await bouncer.authorize('viewOrganisation', organisation)
    const period = params.period
    const pdf = await renderOrganisationReport({
      period,
      organisation,
      days: await transferredToOrganisation(period, organisation.id),
      deviations: await organisationDeviations(organisation.id, period),
      shares: await organisationShares(organisation.id, period),
    })
    return sendDownload(
      response,
      `manadsrapport-${organisation.code}-${period}.pdf`,
      'application/pdf',
      pdf
    )
  }

  /**
   * The figures behind each table and chart as CSV (Excel, `;`, decimal comma): per day
   * (default), `?vy=veckodag` (weekday × hour), `?vy=ingang` (entry numbers) or
   * `?vy=trend` (13 months).
   */
  async download({ params, request, response, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const period = params.period
    const view = request.input('vy', 'dagar')
    if (!DOWNLOAD_VIEWS.includes(view)) {
      throw new RequestRefusedException(
        i18n.t('quality.unknownView', { views: DOWNLOAD_VIEWS.join(', ') })
      )
    }
    const column = (key: string) => i18n.t(`quality.csv.${key}`)
    const header = [
      'offered',
      'answered',
      'withinTarget',
      'abandoned',
      'shortAbandons',
      'serviceLevel',
      'abandonRate',
      'asa',
      'aht',
    ].map(column)
    const figures = (f: QualityFigures) => [
      f.offered,
      f.answered,
      f.answeredWithinTarget,
      f.abandoned,
      f.shortAbandons,
      percent(f.serviceLevel),
      percent(f.abandonRate),
      seconds(f.asaSeconds),
      seconds(f.ahtSeconds),
    ]
    let columns: string[]
    let rows: Cell[][]
    if (view === 'veckodag') {
      const heatmap = await weekdayHourHeatmap(period)
      columns = [column('weekday'), column('hour'), ...header]
      rows = heatmap.weekdays.flatMap((row) =>
        row.cells.flatMap((cell, index) =>
          cell
            ? [
                [
                  row.weekday,
                  asText(String(heatmap.hours[index]).padStart(2, '0')),
                  ...figures(cell),
                ],
              ]
            : []
        )
      )
    } else if (view === 'ingang') {
      const entries = await perEntryNumber(period)
      columns = [column('entryNumber'), ...header]
      rows = entries.map((row) => [asText(row.key), ...figures(row)])
    } else if (view === 'trend') {
      const months = await trend13Months(period)
      columns = [column('month'), ...header]
      rows = months.map((row) => [asText(row.key), ...figures(row)])
    } else {
      const report = await monthQuality(period)
      columns = [column('date'), ...header, column('targetSeconds')]
      rows = report.days.map((day) => [day.day, ...figures(day), day.targets.targetSeconds])
    }
    return sendTable(
      response,
      tableFormatOf(request.input('format')),
      `kvalitet-${period}-${view}`,
      columns,
      rows
    )
  }
}
