import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { correctionValidator, creditValidator } from '#validators/month_end'
import { readVerified } from '#services/stored_file'
import { sendDownload } from '#services/download'
import { inReaderLanguage } from '#services/messages'
import { RequestRefusedException } from '#exceptions/request_refused_exception'
import Organisation from '#models/organisation'
import { issueCorrectedInvoice, issueInvoices } from '#actions/month_end/issue_invoices'
import { creditInvoice } from '#actions/month_end/credit_invoice'
import { correctPeriod } from '#actions/month_end/correct_period'
import { journalCsv, journalRows, sieFile } from '#actions/month_end/finance_export'
import { findInvoice, numberingAudit } from '#queries/month_end/period_overview'
import { invoiceForCredit, invoiceList } from '#queries/invoices/invoice_list'
import { parseInvoiceFilter } from '#validators/period_views'
import { findPeriod, periodMatrix } from '#queries/month_end/allocation_matrix'

/** Internal invoices: list, PDF download, issuing a period, credit notes, numbering audit. */
export default class InvoicesController {
  /** The list with filters (period, kind, status), names, totals and status chips. */
  async index({ view, auth, bouncer, request, response }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const { filter, errors } = parseInvoiceFilter(request.qs())
    if (Object.keys(errors).length > 0) response.status(422)
    return view.render('pages/invoices/index', {
      ...(await invoiceList(user.isContact ? user.organisationId : null, filter)),
      filter,
      errors,
    })
  }

  /** Issuing asks for confirmation: the totals per organisation and in all, then the button. */
  async confirmIssue({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('approvePeriods')
    const period = await findPeriod(params.period)
    if (!period) throw new Exception('Perioden finns inte', { status: 404 })
    return view.render('pages/invoices/issue', {
      period,
      matrix: await periodMatrix(params.period, {}),
    })
  }

  /** Crediting on its own page: the invoice, its lines and totals, the reason, then the button. */
  async creditForm({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('approvePeriods')
    const found = /^\d{1,15}$/.test(String(params.id))
      ? await invoiceForCredit(Number(params.id))
      : null
    if (!found) throw new Exception('Fakturan finns inte', { status: 404 })
    return view.render('pages/invoices/credit', found)
  }

  /** The stored PDF, exactly as issued (its checksum is verified before it is sent). */
  async download({ params, response, bouncer }: HttpContext) {
    const invoice = await findInvoice(params.id)
    if (!invoice) throw new Exception('Fakturan finns inte', { status: 404 })
    await bouncer.authorize(
      'viewOrganisation',
      await Organisation.findOrFail(invoice.organisation_id)
    )
    const pdf = await readVerified(invoice.pdf_path, invoice.pdf_sha256, {
      name: `faktura ${invoice.number}`,
      damagedMessage: 'storage.invoicePdfDamaged',
    })
    return sendDownload(response, `${invoice.number}.pdf`, 'application/pdf', pdf)
  }

  async issue({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('approvePeriods')
    const result = await issueInvoices(params.period, auth.getUserOrFail().id)
    if (!result.ok) session.flash('error', inReaderLanguage(i18n, result.error))
    else if (result.alreadyInvoiced)
      session.flash(
        'success',
        i18n.t('monthEnd.outcomes.alreadyInvoiced', { period: params.period })
      )
    else
      session.flash(
        'success',
        i18n.t('monthEnd.outcomes.invoicesIssued', {
          count: result.invoices.length,
          period: params.period,
        })
      )
    return response.redirect().toRoute('allocations.show', { period: params.period })
  }

  async credit({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('approvePeriods')
    const { reason, lines } = await request.validateUsing(creditValidator)
    const result = await creditInvoice(
      Number(params.id),
      reason,
      auth.getUserOrFail().id,
      lines && lines.length > 0 ? lines : undefined
    )
    if (result.ok) {
      session.flash('success', i18n.t('monthEnd.outcomes.creditIssued', { number: result.number }))
      return response.redirect().toRoute('invoices.index')
    }
    session.flash('error', inReaderLanguage(i18n, result.error))
    return response.redirect().toRoute('invoices.creditForm', { id: params.id })
  }

  async correct({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('approvePeriods')
    const result = await issueCorrectedInvoice(Number(params.id), auth.getUserOrFail().id)
    if (result.ok)
      session.flash(
        'success',
        i18n.t('monthEnd.outcomes.correctedIssued', { number: result.invoice.number })
      )
    else session.flash('error', inReaderLanguage(i18n, result.error))
    return response.redirect().toRoute('invoices.index')
  }

  /** Correct an invoiced period now: credit notes and new invoices with the recomputed shares. */
  async correctPeriod({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('approvePeriods')
    const { reason } = await request.validateUsing(correctionValidator)
    const result = await correctPeriod(params.period, reason, auth.getUserOrFail().id)
    if (result.ok)
      session.flash(
        'success',
        i18n.t('controlLoop.correction.done', {
          period: params.period,
          count: result.corrections.length,
        })
      )
    else session.flash('error', inReaderLanguage(i18n, result.error))
    return response.redirect().toRoute('allocations.show', { period: params.period })
  }

  /** The finance export of an invoiced period: journal CSV, or SIE 4 with ?format=sie. */
  async export({ params, request, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const format = request.input('format', 'csv')
    if (format !== 'csv' && format !== 'sie') {
      throw new RequestRefusedException(i18n.t('errors.unknownFormat', { formats: 'csv, sie' }))
    }
    const result = await journalRows(params.period)
    if (!result.ok) {
      session.flash('error', inReaderLanguage(i18n, result.error))
      return response.redirect().toRoute('allocations.show', { period: params.period })
    }
    if (format === 'sie') {
      const sie = sieFile(params.period, result.rows)
      return sendDownload(
        response,
        `vaxelnavet-${params.period}.se`,
        'text/plain; charset=IBM437',
        sie
      )
    }
    return sendDownload(
      response,
      `ekonomiexport-${params.period}.csv`,
      'text/csv; charset=utf-8',
      journalCsv(result.rows)
    )
  }

  async numbering({ view, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    return view.render('pages/invoices/numbering', { series: await numberingAudit() })
  }
}
