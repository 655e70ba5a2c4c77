import type { HttpContext } from '@adonisjs/core/http'
import { findCostPoolOrFail, listCostPools } from '#queries/cost_pools/cost_pools'
import { costPoolValidator } from '#validators/cost_pool'
import { saveCostPool } from '#actions/month_end/save_cost_pool'

function isoDate(value?: Date) {
  if (!value) return null
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
}

/** Cost pools (kostnadsposter): the coordinator manages them; controllers read them. */
export default class CostPoolsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const { pools, keyDates } = await listCostPools()
    return view.render('pages/cost_pools/index', { pools, keyDates })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/cost_pools/form', { pool: null })
  }

  async edit({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const pool = await findCostPoolOrFail(params.id)
    return view.render('pages/cost_pools/form', { pool })
  }

  async store(ctx: HttpContext) {
    return this.#save(ctx, null)
  }

  async update(ctx: HttpContext) {
    // authorised before the pool is read: a non-administrator learns nothing of which ids exist
    await ctx.bouncer.authorize('administer')
    await findCostPoolOrFail(ctx.params.id)
    return this.#save(ctx, Number(ctx.params.id))
  }

  async #save(
    { request, response, session, auth, bouncer, i18n }: HttpContext,
    poolId: number | null
  ) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(costPoolValidator, {
      meta: { poolId: poolId ?? undefined },
    })
    await saveCostPool(
      poolId,
      {
        code: values.code,
        name: values.name,
        basis: values.basis,
        participantKinds: values.participantKinds,
        amountSource: values.amountSource,
        fixedMonthlyOre: values.fixedMonthlyKronor ?? null,
        switchboard: values.switchboard ?? false,
        isActive: values.isActive ?? false,
        keyOverride:
          values.keyYear && (values.keyDate || values.keyMonth)
            ? {
                year: values.keyYear,
                keyDate: isoDate(values.keyDate),
                keyMonth: values.keyMonth ?? null,
              }
            : undefined,
      },
      auth.getUserOrFail().id
    )
    session.flash('success', i18n.t('monthEnd.outcomes.poolSaved', { code: values.code }))
    return response.redirect().toRoute('cost_pools.index')
  }
}
