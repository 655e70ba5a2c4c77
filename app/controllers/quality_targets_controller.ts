import type { HttpContext } from '@adonisjs/core/http'
import { qualityTargetValidator } from '#validators/quality_target'
import { qualityTargetList } from '#queries/quality/quality_targets'
import { saveQualityTarget } from '#actions/quality/save_quality_target'

/**
 * The contract's quality targets with validity dates: a report for an old month uses the
 * targets that applied then. A change is a new row from a date; old rows stay.
 */
export default class QualityTargetsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('viewAllOrganisations')
    return view.render('pages/quality/targets', { targets: await qualityTargetList() })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(qualityTargetValidator)
    const { day } = await saveQualityTarget(values, auth.getUserOrFail().id)
    session.flash('success', i18n.t('quality.targetSaved', { day }))
    return response.redirect().toRoute('quality_targets.index')
  }
}
