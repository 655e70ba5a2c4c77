import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'

const percent = () =>
  vine
    .string()
    .trim()
    .regex(/^\d{1,3}([,.]\d{1,2})?$/)
    .transform((value) => Number(value.replace(',', '.')) / 100)

/** A bucket boundary (app/domain/service_level.ts): ≤ 10 s, a multiple of 5 to 180 s, of 60 to 300 s. */
const targetSeconds = vine
  .number()
  .withoutDecimals()
  .min(1)
  .max(300)
  .use(
    vine.createRule((value, _options, field) => {
      const seconds = Number(value)
      const ok = seconds <= 10 || (seconds <= 180 && seconds % 5 === 0) || seconds % 60 === 0
      if (!ok)
        field.report(
          'Målsekunder måste vara högst 10, en multipel av 5 upp till 180 eller av 60 upp till 300',
          'bucket',
          field
        )
    })()
  )

const targetValidator = vine.create({
  validFrom: vine.date({ formats: ['YYYY-MM-DD'] }),
  targetSeconds,
  shortAbandonSeconds: vine.number().withoutDecimals().min(0).max(11),
  serviceLevelTarget: percent(),
  abandonRateTarget: percent(),
  note: vine.string().trim().maxLength(500).optional(),
})

/**
 * The contract's quality targets with validity dates: a report for an old month uses the
 * targets that applied then. A change is a new row from a date; old rows stay.
 */
export default class QualityTargetsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    const targets = await db
      .from('quality_targets')
      .orderBy('valid_from', 'desc')
      .select('*', db.raw(`to_char(valid_from, 'YYYY-MM-DD') as valid_day`))
    return view.render('pages/quality/targets', { targets })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(targetValidator)
    const pad = (n: number) => String(n).padStart(2, '0')
    const day = `${values.validFrom.getFullYear()}-${pad(values.validFrom.getMonth() + 1)}-${pad(values.validFrom.getDate())}`
    await db.rawQuery(
      `INSERT INTO quality_targets (valid_from, target_seconds, short_abandon_seconds, service_level_target, abandon_rate_target, note)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (valid_from) DO UPDATE SET target_seconds = EXCLUDED.target_seconds, short_abandon_seconds = EXCLUDED.short_abandon_seconds,
         service_level_target = EXCLUDED.service_level_target, abandon_rate_target = EXCLUDED.abandon_rate_target, note = EXCLUDED.note`,
      [
        day,
        values.targetSeconds,
        values.shortAbandonSeconds,
        values.serviceLevelTarget,
        values.abandonRateTarget,
        values.note ?? '',
      ]
    )
    await recordAudit(null, {
      userId: auth.getUserOrFail().id,
      action: 'update',
      entityType: 'quality_target',
      entityId: `kvalitetsmal-${day}`,
      summary: `Kvalitetsmål från ${day}: ${Math.round(values.serviceLevelTarget * 1000) / 10} % inom ${values.targetSeconds} s, högst ${Math.round(values.abandonRateTarget * 1000) / 10} % avbrutna, korta avbrott under ${values.shortAbandonSeconds} s`,
    })
    session.flash('success', i18n.t('quality.targetSaved', { day }))
    return response.redirect().toRoute('quality_targets.index')
  }
}
