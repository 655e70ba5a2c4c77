import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import {
  acknowledgeRoutine,
  acknowledgementCoverage,
  createRoutine,
  publishRoutine,
  routinesFor,
  saveDraft,
  versionsOf,
} from '#actions/routines/routines'
import { renderMarkdown } from '#services/markdown'
import { remindOfRoutines, unacknowledgedContacts } from '#actions/notifications/sweep'
import { lineDiff } from '#domain/text_diff'
import { noControlCharacters } from '#validators/plain_text'
import { isAcknowledged, requiredVersion } from '#domain/acknowledgement'
import { activeCategories } from '#queries/categories/categories'
import { rowId } from '#validators/row_id'

/** A new routine goes under an active category; an edited one may keep its archived one. */
const routineValidator = vine.withMetaData<{ currentCategoryId?: number }>().create({
  categoryId: rowId().exists(async (db, value, field) =>
    Boolean(
      await db
        .from('routine_categories')
        .where('id', value)
        .where((q) => q.whereNull('archived_at').orWhere('id', field.meta.currentCategoryId ?? 0))
        .first()
    )
  ),
  title: vine.string().trim().minLength(3).maxLength(200).use(noControlCharacters()),
  body: vine.string().trim().minLength(1).maxLength(100_000),
  requiresAcknowledgement: vine.boolean().optional(),
})
const publishValidator = vine.create({
  changeNote: vine.string().trim().minLength(3).maxLength(1000),
  significant: vine.boolean().optional(),
})

async function routineOrFail(id: unknown) {
  const routine = await db.from('routines').where('id', Number(id)).first()
  if (!routine) throw new Exception('Rutinen finns inte', { status: 404 })
  return routine
}

/** Rutiner: published, versioned guidelines; contacts acknowledge the ones that require it. */
export default class RoutinesController {
  async index({ view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const routines = await routinesFor(user.id)
    const drafts = user.isCoordinator
      ? await db
          .from('routines as r')
          .whereNotExists((q) => q.from('routine_versions as v').whereRaw('v.routine_id = r.id'))
          .select('id', 'draft_title')
      : []
    return view.render('pages/routines/index', { routines, drafts })
  }

  async show({ params, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const routine = await routineOrFail(params.id)
    const versions = await versionsOf(routine.id)
    const user = auth.getUserOrFail()
    if (versions.length === 0 && !user.isCoordinator)
      throw new Exception('Rutinen finns inte', { status: 404 })
    const current = versions[0] ?? null
    const acknowledgement = await db
      .from('routine_acknowledgements')
      .where('routine_id', routine.id)
      .where('user_id', user.id)
      .first()
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
    const routine = await routineOrFail(params.id)
    return view.render('pages/routines/form', {
      routine,
      categories: await activeCategories('rutiner').orWhere('id', routine.category_id),
      preview: renderMarkdown(routine.draft_body),
    })
  }

  async update({ params, request, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const routine = await routineOrFail(params.id)
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
    const routine = await routineOrFail(params.id)
    const { changeNote, significant } = await request.validateUsing(publishValidator)
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
    const routine = await routineOrFail(params.id)
    const versions = await versionsOf(routine.id)
    if (versions.length === 0) throw new Exception('Rutinen finns inte', { status: 404 })
    const withDiffs = versions.map((version, index) => ({
      ...version,
      diff:
        index + 1 < versions.length
          ? lineDiff(versions[index + 1].body, version.body)
              .map(
                (line) =>
                  `${line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}${line.text}`
              )
              .join('\n')
          : null,
    }))
    return view.render('pages/routines/history', { routine, versions: withDiffs })
  }

  async acknowledge({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('reportDeviations')
    const routine = await routineOrFail(params.id)
    const result = await acknowledgeRoutine(routine.id, auth.getUserOrFail().id)
    if (result.ok)
      session.flash('success', i18n.t('routines.acknowledged', { version: result.version }))
    else session.flash('error', result.error)
    return response.redirect().toRoute('routines.show', { id: routine.id })
  }

  async coverage({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const routine = await routineOrFail(params.id)
    return view.render('pages/routines/coverage', {
      routine,
      coverage: await acknowledgementCoverage(routine.id),
    })
  }

  /** Remind every contact who has not acknowledged the required version, now. */
  async remind({ params, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const routine = await routineOrFail(params.id)
    const count = await remindOfRoutines(await unacknowledgedContacts({ routineId: routine.id }))
    session.flash('success', i18n.t('routines.reminded', { count }))
    return response.redirect().toRoute('routines.coverage', { id: routine.id })
  }
}
