import type { HttpContext } from '@adonisjs/core/http'
import { errors } from '@adonisjs/lucid'
import { createRoutine } from '#actions/routines/create_routine'
import { saveDraft } from '#actions/routines/save_routine_draft'
import { publishRoutine } from '#actions/routines/publish_routine'
import { acknowledgeRoutine } from '#actions/routines/acknowledge_routine'
import {
  acknowledgementCoverage,
  acknowledgementOf,
  findRoutineOrFail,
  routinesFor,
  unpublishedRoutines,
  versionsOf,
} from '#queries/routines/routines'
import { renderMarkdown } from '#services/markdown'
import { remindOfRoutines } from '#actions/notifications/sweep'
import { unacknowledgedContacts } from '#queries/notifications/recipients'
import { lineDiff } from '#domain/text_diff'
import { isAcknowledged, requiredVersion } from '#domain/acknowledgement'
import { activeCategories } from '#queries/categories/categories'
import { routineValidator, publishRoutineValidator } from '#validators/routine'

const DIFF_MARK = { added: '+ ', removed: '- ', same: '  ' } as const

/** Rutiner: published, versioned guidelines; contacts acknowledge the ones that require it. */
export default class RoutinesController {
  async index({ view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const routines = await routinesFor(user.id)
    const drafts = user.isCoordinator ? await unpublishedRoutines() : []
    return view.render('pages/routines/index', { routines, drafts })
  }

  async show({ params, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const routine = await findRoutineOrFail(params.id)
    const versions = await versionsOf(routine.id)
    const user = auth.getUserOrFail()
    // a draft is the coordinator's: for anyone else it does not exist yet
    if (versions.length === 0 && !user.isCoordinator) throw new errors.E_ROW_NOT_FOUND()
    const current = versions[0] ?? null
    const acknowledgement = await acknowledgementOf(routine.id, user.id)
    const required = routine.requires_acknowledgement ? requiredVersion(versions) : null
    return view.render('pages/routines/show', {
      routine,
      current,
      html: renderMarkdown(current ? current.body : routine.draft_body),
      acknowledgement,
      due:
        routine.requires_acknowledgement &&
        current &&
        !isAcknowledged(acknowledgement?.version, required),
      canAcknowledge: user.isContact,
    })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/routines/form', {
      routine: null,
      categories: await activeCategories('rutiner'),
    })
  }

  async store({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const values = await request.validateUsing(routineValidator, { meta: {} })
    const id = await createRoutine(
      { ...values, requiresAcknowledgement: values.requiresAcknowledgement ?? false },
      auth.getUserOrFail().id
    )
    session.flash('success', i18n.t('routines.draftSaved'))
    return response.redirect().toRoute('routines.edit', { id })
  }

  async edit({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const routine = await findRoutineOrFail(params.id)
    return view.render('pages/routines/form', {
      routine,
      categories: await activeCategories('rutiner').orWhere('id', routine.category_id),
      preview: renderMarkdown(routine.draft_body),
    })
  }

  async update({ params, request, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const routine = await findRoutineOrFail(params.id)
    const values = await request.validateUsing(routineValidator, {
      meta: { currentCategoryId: routine.category_id },
    })
    await saveDraft(routine.id, {
      ...values,
      requiresAcknowledgement: values.requiresAcknowledgement ?? false,
    })
    session.flash('success', i18n.t('routines.draftSaved'))
    return response.redirect().toRoute('routines.edit', { id: routine.id })
  }

  async publish({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const routine = await findRoutineOrFail(params.id)
    const { changeNote, significant } = await request.validateUsing(publishRoutineValidator)
    const version = await publishRoutine(
      routine.id,
      changeNote,
      significant ?? false,
      auth.getUserOrFail().id
    )
    session.flash('success', i18n.t('routines.publishedFlash', { version }))
    return response.redirect().toRoute('routines.show', { id: routine.id })
  }

  async history({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const routine = await findRoutineOrFail(params.id)
    const versions = await versionsOf(routine.id)
    if (versions.length === 0) throw new errors.E_ROW_NOT_FOUND()
    const withDiffs = versions.map((version, index) => ({
      ...version,
      diff:
        index + 1 < versions.length
          ? lineDiff(versions[index + 1].body, version.body)
              .map((line) => `${DIFF_MARK[line.kind]}${line.text}`)
              .join('\n')
          : null,
    }))
    return view.render('pages/routines/history', { routine, versions: withDiffs })
  }

  async acknowledge({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('acknowledgeRoutines')
    const routine = await findRoutineOrFail(params.id)
    const result = await acknowledgeRoutine(routine.id, auth.getUserOrFail().id)
    if (result.ok)
      session.flash('success', i18n.t('routines.acknowledged', { version: result.version }))
    else session.flash('error', i18n.t(`routines.errors.${result.error}`))
    return response.redirect().toRoute('routines.show', { id: routine.id })
  }

  async coverage({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const routine = await findRoutineOrFail(params.id)
    return view.render('pages/routines/coverage', {
      routine,
      coverage: await acknowledgementCoverage(routine.id),
    })
  }

  /** Remind every contact who has not acknowledged the required version, now. */
  async remind({ params, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const routine = await findRoutineOrFail(params.id)
    const count = await remindOfRoutines(await unacknowledgedContacts({ routineId: routine.id }))
    session.flash('success', i18n.t('routines.reminded', { count }))
    return response.redirect().toRoute('routines.coverage', { id: routine.id })
  }
}
