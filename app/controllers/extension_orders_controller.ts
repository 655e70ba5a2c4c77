import type { HttpContext } from '@adonisjs/core/http'
import { clock } from '#services/clock'
import { withUpload } from '#services/uploads'
import { refuseForm } from '#services/form_refusal'
import { EXTENSION_ORDER_KINDS, EXTENSION_ORDER_STATUSES } from '#domain/extension_orders'
import { pageNumber, rowIdOrNull } from '#domain/query_values'
import {
  extensionOrderForReaderOrFail,
  moveTargets,
} from '#queries/extension_orders/extension_orders'
import { orderPage, ordersPage, unusedPage } from '#queries/extension_orders/order_pages'
import { organisationOptions } from '#queries/organisations/list_organisations'
import {
  placeExtensionOrders,
  type OrderRefusal,
} from '#actions/extension_orders/place_extension_orders'
import { importExtensionOrders } from '#actions/extension_orders/import_extension_orders'
import { decideExtensionOrder } from '#actions/extension_orders/decide_extension_order'
import { sendExtensionOrders } from '#actions/extension_orders/send_extension_orders'
import { completeExtensionOrder } from '#actions/extension_orders/complete_extension_order'
import { markExtensionOrdersSent } from '#actions/extension_orders/mark_extension_orders_sent'
import {
  approvedOrderIds,
  approvedOrdersForSupplier,
  supplierFileCsv,
  supplierFileName,
  supplierMailAddress,
  type SupplierOrderRow,
} from '#queries/extension_orders/supplier_file'
import { sendDownload } from '#services/download'
import {
  extensionOrderUploadValidator,
  extensionOrderValidator,
  orderCompletionValidator,
  markSentValidator,
  orderDecisionValidator,
  removalOrdersValidator,
  supplierFileValidator,
} from '#validators/extension_order'

/**
 * Beställningar av anknytningar (issue 16 points 3–4): contacts order for their own
 * organisation and follow their orders; the coordinator decides, sends and marks done.
 */
export default class ExtensionOrdersController {
  async index({ request, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const status = String(request.input('status', '')).slice(0, 20) || null
    const page = await ordersPage(user, { status, page: pageNumber(request.input('page')) })
    page.orders.baseUrl(request.url()).queryString(status ? { status } : {})
    return view.render('pages/extension_orders/index', {
      ...page,
      // the coordinator's: the approved orders to send, and whether e-mail can take them
      approvedIds: user.isCoordinator ? await approvedOrderIds() : [],
      supplierMail: user.isCoordinator ? await supplierMailAddress() : null,
      entries: page.orders,
      status,
      statuses: EXTENSION_ORDER_STATUSES,
    })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('orderExtensions')
    return view.render('pages/extension_orders/form', {
      kinds: EXTENSION_ORDER_KINDS,
      targets: await moveTargets(clock.today()),
      today: clock.today(),
    })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('orderExtensions')
    const user = auth.getUserOrFail()
    const values = await request.validateUsing(extensionOrderValidator)
    const result = await placeExtensionOrders(
      [{ ...values, line: 1 }],
      { id: user.id, organisationId: user.organisationId! },
      'form'
    )
    if (!result.ok) {
      const refusal = result.errors[0]
      return refuseForm(
        { session, response },
        i18n.t(`extensionOrders.errors.${refusal.code}`, { number: refusal.number })
      )
    }
    session.flash('success', i18n.t('extensionOrders.placed', { id: result.ids[0] }))
    return response.redirect().toRoute('extension_orders.show', { id: result.ids[0] })
  }

  /** Many orders from a CSV; every refused line is listed and nothing is ordered. */
  async upload(ctx: HttpContext) {
    const { request, response, session, auth, bouncer, i18n } = ctx
    await bouncer.authorize('orderExtensions')
    const user = auth.getUserOrFail()
    return withUpload(ctx, '1mb', async () => {
      const { file } = await request.validateUsing(extensionOrderUploadValidator)
      const result = await importExtensionOrders(file.tmpPath!, {
        id: user.id,
        organisationId: user.organisationId!,
      })
      if (!result.ok) {
        const lines = [
          ...result.messages.map((m) => m.message),
          ...result.refusals.map((r: OrderRefusal) =>
            i18n.t('extensionOrders.lineError', {
              line: r.line,
              message: i18n.t(`extensionOrders.errors.${r.code}`, { number: r.number }),
            })
          ),
        ]
        session.flash('orderErrors', lines.slice(0, 100))
        // a row with several errors is one row to correct; a file that could not be read as
        // rows (a binary file, a wrong header) is to be corrected as a whole
        const lineNumbers = [...result.messages, ...result.refusals].map((m) => m.line ?? null)
        const rows = new Set(lineNumbers.filter((line) => line !== null))
        session.flash(
          'error',
          rows.size === 0
            ? i18n.t('extensionOrders.csvRefusedFile')
            : i18n.t('extensionOrders.csvRefused', { count: rows.size })
        )
        return response.redirect().toRoute('extension_orders.create')
      }
      session.flash('success', i18n.t('extensionOrders.placedMany', { count: result.ids.length }))
      return response.redirect().toRoute('extension_orders.index')
    })
  }

  async show({ params, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const page = await orderPage(params.id, auth.getUserOrFail())
    return view.render('pages/extension_orders/show', { ...page, today: clock.today() })
  }

  /** Approve or reject (the coordinator), or withdraw (the coordinator; a contact while new). */
  async decide({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    // a contact acts only on their own organisation's orders (another's is a 404)
    if (user.isContact) await extensionOrderForReaderOrFail(params.id, user)
    else await bouncer.authorize('administer')
    const { decision, comment } = await request.validateUsing(orderDecisionValidator)
    // approving and rejecting are the coordinator's: a contact is refused like on every
    // coordinator-only route (403), not told about the order's status
    if (decision !== 'cancel') await bouncer.authorize('administer')
    const result = await decideExtensionOrder(params.id, decision, comment ?? '', user)
    if (!result.ok && result.error === 'notFound')
      return response.notFound(i18n.t('extensionOrders.errors.notFound'))
    if (!result.ok)
      return refuseForm({ session, response }, i18n.t(`extensionOrders.errors.${result.error}`))
    session.flash('success', i18n.t(`extensionOrders.decided.${decision}`, { id: params.id }))
    return response.redirect().toRoute('extension_orders.show', { id: params.id })
  }

  async send({ response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const result = await sendExtensionOrders(auth.getUserOrFail().id)
    if (result.ok) session.flash('success', i18n.t('extensionOrders.sent', result))
    else session.flash('error', i18n.t(`extensionOrders.errors.${result.error}`))
    return response.redirect().toRoute('extension_orders.index')
  }

  /** The approved orders listed on the page as the supplier's CSV, to send by hand. */
  async download({ request, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const { orderIds } = await request.validateUsing(supplierFileValidator, { data: request.qs() })
    const orders = (await approvedOrdersForSupplier(
      undefined,
      orderIds ?? (await approvedOrderIds())
    )) as SupplierOrderRow[]
    if (orders.length === 0) {
      session.flash('error', i18n.t('extensionOrders.errors.nothingToSend'))
      return response.redirect().toRoute('extension_orders.index')
    }
    return sendDownload(
      response,
      supplierFileName(clock.today()),
      'text/csv; charset=utf-8',
      supplierFileCsv(orders)
    )
  }

  /** The listed approved orders were sent to the supplier by hand (no e-mail here). */
  async markSent({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const { orderIds } = await request.validateUsing(markSentValidator)
    const result = await markExtensionOrdersSent(orderIds, auth.getUserOrFail().id)
    if (!result.ok)
      return refuseForm({ session, response }, i18n.t(`extensionOrders.errors.${result.error}`))
    session.flash('success', i18n.t('extensionOrders.markedSent', result))
    return response.redirect().toRoute('extension_orders.index')
  }

  async complete({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const { performedOn } = await request.validateUsing(orderCompletionValidator)
    const result = await completeExtensionOrder(params.id, performedOn, auth.getUserOrFail().id)
    if (!result.ok && result.error === 'notFound')
      return response.notFound(i18n.t('extensionOrders.errors.notFound'))
    if (!result.ok) {
      return refuseForm(
        { session, response },
        i18n.t(`extensionOrders.errors.${result.error}`, result.params ?? {})
      )
    }
    session.flash(
      'success',
      result.latePeriods.length > 0
        ? i18n.t('extensionOrders.completedLate', { periods: result.latePeriods.join(', ') })
        : i18n.t('extensionOrders.completed', { date: performedOn })
    )
    return response.redirect().toRoute('extension_orders.show', { id: params.id })
  }

  async unused({ request, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const requested = user.isContact ? null : rowIdOrNull(request.input('organisation'))
    const page = await unusedPage(user, clock.today(), requested)
    return view.render('pages/extension_orders/unused', {
      ...page,
      organisationId: requested,
      // a contact orders for their organisation; the coordinator for the one chosen above
      mayOrder: (await bouncer.allows('orderUnusedRemovals')) && (user.isContact || !!requested),
      organisations: user.isContact ? [] : await organisationOptions(),
      today: clock.today(),
    })
  }

  /** Removal orders for the extensions picked from the unused list. */
  async orderRemovals({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('orderUnusedRemovals')
    const user = auth.getUserOrFail()
    const values = await request.validateUsing(removalOrdersValidator)
    // the coordinator orders on behalf of the organisation named in the form: the order is
    // that organisation's (its contacts see it), placed by the coordinator (ordered_by)
    const organisationId = user.isContact ? user.organisationId : (values.organisationId ?? null)
    if (!organisationId)
      return refuseForm({ session, response }, i18n.t('extensionOrders.unused.chooseOrganisation'))
    const { numbers, wishedDate } = values
    const result = await placeExtensionOrders(
      numbers.map((number, index) => ({ line: index + 1, kind: 'remove', number, wishedDate })),
      { id: user.id, organisationId },
      'unused'
    )
    if (!result.ok) {
      const refusal = result.errors[0]
      return refuseForm(
        { session, response },
        i18n.t(`extensionOrders.errors.${refusal.code}`, { number: refusal.number })
      )
    }
    session.flash('success', i18n.t('extensionOrders.placedMany', { count: result.ids.length }))
    return response.redirect().toRoute('extension_orders.index')
  }
}
