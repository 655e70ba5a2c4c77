import type { HttpContext } from '@adonisjs/core/http'
import { isCategoryKind, type CategoryKind, type CategoryRefusal } from '#domain/categories'
import { categoryList } from '#queries/categories/categories'
import { saveCategory } from '#actions/categories/save_category'
import { archiveCategory } from '#actions/categories/archive_category'
import { deleteCategory } from '#actions/categories/delete_category'
import { categoryValidator } from '#validators/category'
import { refuseForm } from '#services/form_refusal'

/** Kategorier: the routine and forum categories, managed by the coordinator. */
export default class CategoriesController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/categories/index', {
      routineCategories: await categoryList('rutiner'),
      forumCategories: await categoryList('forum'),
    })
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.authorize('administer')
    const kind = kindOf(ctx)
    const input = await ctx.request.validateUsing(categoryValidator)
    const result = await saveCategory(kind, null, input, ctx.auth.getUserOrFail().id)
    if (!result.ok) return refuse(ctx, result.refusal)
    ctx.session.flash('success', ctx.i18n.t('categories.created', { name: input.name }))
    return ctx.response.redirect().toRoute('categories.index')
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.authorize('administer')
    const kind = kindOf(ctx)
    const input = await ctx.request.validateUsing(categoryValidator)
    const result = await saveCategory(
      kind,
      Number(ctx.params.id),
      input,
      ctx.auth.getUserOrFail().id
    )
    if (!result.ok) return refuse(ctx, result.refusal)
    ctx.session.flash('success', ctx.i18n.t('categories.saved', { name: input.name }))
    return ctx.response.redirect().toRoute('categories.index')
  }

  async archive(ctx: HttpContext) {
    return this.#archive(ctx, true)
  }

  async restore(ctx: HttpContext) {
    return this.#archive(ctx, false)
  }

  async #archive(ctx: HttpContext, archived: boolean) {
    await ctx.bouncer.authorize('administer')
    const result = await archiveCategory(
      kindOf(ctx),
      Number(ctx.params.id),
      archived,
      ctx.auth.getUserOrFail().id
    )
    if (!result) return ctx.response.notFound()
    if (!result.ok) return refuse(ctx, result.refusal)
    ctx.session.flash(
      'success',
      ctx.i18n.t(archived ? 'categories.archived' : 'categories.restored')
    )
    return ctx.response.redirect().toRoute('categories.index')
  }

  async destroy(ctx: HttpContext) {
    await ctx.bouncer.authorize('administer')
    const result = await deleteCategory(
      kindOf(ctx),
      Number(ctx.params.id),
      ctx.auth.getUserOrFail().id
    )
    if (!result) return ctx.response.notFound()
    if (!result.ok) return refuse(ctx, result.refusal)
    ctx.session.flash('success', ctx.i18n.t('categories.deleted'))
    return ctx.response.redirect().toRoute('categories.index')
  }
}

/** The route allows only the two kinds; this narrows the type. */
function kindOf({ params }: HttpContext): CategoryKind {
  if (!isCategoryKind(params.kind)) throw new Error(`unknown category kind ${params.kind}`)
  return params.kind
}

function refuse(ctx: HttpContext, refusal: CategoryRefusal) {
  return refuseForm(ctx, ctx.i18n.t(`categories.refusals.${refusal.code}`, refusal))
}
