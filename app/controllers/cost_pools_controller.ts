import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
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
    const pools = await db.from('cost_pools').orderBy('id')
    const keyDates = await db
      .from('pool_key_dates')
      .select(
        'cost_pool_id',
        'year',
        db.raw(`to_char(key_date, 'YYYY-MM-DD') as key_date`),
        'key_month'
      )
      .orderBy('year', 'desc')
    return view.render('pages/cost_pools/index', { pools, keyDates })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/cost_pools/form', { pool: null })
  }

  async edit({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const pool = await db.from('cost_pools').where('id', params.id).firstOrFail()
    return view.render('pages/cost_pools/form', { pool })
  }

  async store(ctx: HttpContext) {
    return this.#save(ctx, null)
  }

  async update(ctx: HttpContext) {
    await db.from('cost_pools').where('id', ctx.params.id).firstOrFail()
    return this.#save(ctx, Number(ctx.params.id))
  }

  async #save({ request, response, session, auth, bouncer }: HttpContext, poolId: number | null) {
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
    session.flash('success', `Kostnadsposten ${values.code} är sparad.`)
    return response.redirect().toRoute('cost_pools.index')
  }
}
