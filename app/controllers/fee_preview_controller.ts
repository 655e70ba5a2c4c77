import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { feeComparison } from '#queries/budget/fee_preview'
import { budgetYearOf } from '#validators/budget'
import { renderMessages } from '#domain/coded_message'
import { rowIdOrNull, shownValue } from '#domain/query_values'
import { clock } from '#services/clock'
import { sendDownload } from '#services/download'
import { renderFeePreviewPdf } from '#services/fee_preview_pdf'

/**
 * Next year's fee preview (issue 17 point 2, docs/budget.md): per organisation, the shares
 * next year's budget gives over the register at the year's key date as it stands today,
 * against this year computed the same way. The office sees every organisation; a contact
 * sees their own organisation only, and another organisation's PDF does not exist for them.
 */
export default class FeePreviewController {
  async index({ request, response, view, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const typed = budgetYearOf(request.input('ar'), clock.year() + 1)
    const year = typed === 'bad' ? clock.year() + 1 : typed
    if (typed === 'bad') response.status(422)
    const comparison = await feeComparison(year)
    const own = user.isContact ? user.organisationId! : null
    const translate = (key: string, data?: Record<string, unknown>) => i18n.t(key, data)
    return view.render('pages/budget/fees', {
      year,
      refused: typed === 'bad',
      typedYear: shownValue(request.input('ar')),
      own,
      pools: comparison.next.pools,
      currentOk: comparison.currentOk,
      rows: comparison.organisations.filter((row) => own === null || row.id === own),
      messages: own
        ? renderMessages(comparison.next.errors, translate)
        : renderMessages([...comparison.next.errors, ...comparison.next.warnings], translate),
    })
  }

  async pdf({ params, response, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const organisationId = rowIdOrNull(String(params.organisation))
    const year = Number(params.year)
    const notFound = new Exception('Organisationen finns inte i förhandsvisningen', { status: 404 })
    if (organisationId === null) throw notFound
    if (user.isContact && user.organisationId !== organisationId) throw notFound
    const comparison = await feeComparison(year)
    const row = comparison.organisations.find((r) => r.id === organisationId)
    if (!row) throw notFound
    const pdf = await renderFeePreviewPdf(
      {
        year,
        organisation: row,
        pools: comparison.next.pools,
        currentOk: comparison.currentOk,
        today: clock.today(),
      },
      i18n
    )
    return sendDownload(response, `avgift-${year}-${row.code}.pdf`, 'application/pdf', pdf)
  }
}
