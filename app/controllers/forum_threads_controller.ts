import type { HttpContext } from '@adonisjs/core/http'
import { pageNumber, rowIdOrNull } from '#domain/query_values'
import {
  threadList,
  categoriesFor,
  threadForReaderOrFail,
  threadPosts,
  pageOfPost,
  findThreadOrFail,
  findForumCategoryOrFail,
} from '#queries/forum/threads'
import { activeCategories } from '#queries/categories/categories'
import { startThread } from '#actions/forum/start_thread'
import { reply } from '#actions/forum/reply_to_thread'
import { markRead } from '#actions/forum/mark_thread_read'
import { subscribe } from '#actions/forum/subscribe_forum'
import {
  POST_MAX_LENGTH,
  POSTS_PER_PAGE,
  quoteOf,
  withinEditWindow,
  type ForumRefusal,
} from '#domain/forum'
import { threadValidator, postValidator, subscribeValidator } from '#validators/forum'
import { renderMarkdown } from '#services/markdown'
import { refuseForm } from '#services/form_refusal'
import { consumeForumPost, FORUM_POSTS_PER_WINDOW } from '#services/forum_flood'
import { clock } from '#services/clock'
import { paths } from '#domain/paths'

/** The Swedish (or English) refusal when the user has posted too much, else null. */
async function floodRefusal({ auth, i18n }: HttpContext) {
  const refused = await consumeForumPost(auth.getUserOrFail().id)
  if (!refused) return null
  return i18n.t('forum.tooManyPosts', {
    count: FORUM_POSTS_PER_WINDOW,
    minutes: refused.waitMinutes,
  })
}

/** The forum's threads: every signed-in user reads, starts, replies and follows. */
/**
 * "Förhandsgranska" on the composer: nothing is stored; the text comes back in the form
 * with its rendering above it (server-side, so no script and no CSP change).
 */
function wantsPreview({ request, session }: HttpContext, body: string) {
  if (request.input('preview') !== '1') return false
  session.flashAll()
  session.flash('forumPreview', body)
  return true
}

/** The composer's preview, rendered, when the previous request asked for one. */
function previewOf({ session }: HttpContext) {
  const text = session.flashMessages.get('forumPreview')
  return typeof text === 'string' && text !== '' ? renderMarkdown(text) : null
}

export default class ForumThreadsController {
  async index({ request, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const threads = await threadList(user.id, pageNumber(request.input('page')))
    threads.baseUrl(request.url())
    return view.render('pages/forum/index', { threads, categories: await categoriesFor(user.id) })
  }

  async create(ctx: HttpContext) {
    const { view, bouncer } = ctx
    await bouncer.authorize('useApp')
    return view.render('pages/forum/create', {
      preview: previewOf(ctx),
      categories: await activeCategories('forum'),
      postMaxLength: POST_MAX_LENGTH,
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth, bouncer } = ctx
    await bouncer.authorize('useApp')
    const values = await request.validateUsing(threadValidator)
    if (wantsPreview(ctx, values.body)) return response.redirect().toRoute('forum.create')
    const refusal = await floodRefusal(ctx)
    if (refusal) return refuseForm({ session, response }, refusal)
    const id = await startThread(values, auth.getUserOrFail().id)
    return response.redirect().toRoute('forum.show', { id })
  }

  /**
   * A page of the thread: `?page=`, or the page that holds `?inlagg=` (a link to a post) or
   * `?citera=` (the post being quoted), else the first.
   */
  async show(ctx: HttpContext) {
    const { params, request, view, auth, bouncer } = ctx
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const thread = await threadForReaderOrFail(params.id, user.id)
    const target = rowIdOrNull(request.input('inlagg')) ?? rowIdOrNull(request.input('citera')) ?? 0
    const requested =
      rowIdOrNull(request.input('page')) ?? (target > 0 ? await pageOfPost(thread.id, target) : 1)
    const lastPage = Math.max(1, Math.ceil(thread.post_count / POSTS_PER_PAGE))
    const page = Math.min(Math.max(1, Math.trunc(requested)), lastPage)
    const postPages = await threadPosts(thread.id, page, thread.post_count)
    postPages.baseUrl(request.url())
    const rows = postPages.all()
    const now = clock.nowMs()
    const posts = rows.map((post) => ({
      ...post,
      html: post.hidden && !user.isCoordinator ? null : renderMarkdown(post.body),
      canEdit:
        (post.author_id === user.id &&
          withinEditWindow(new Date(post.created_at).getTime(), now)) ||
        user.isCoordinator,
      isSolution: thread.solution_post_id === post.id,
    }))
    // the reader's own read marker moves to the last post of this page (docs/adr/0017)
    const lastPostId = rows.at(-1)?.id
    if (lastPostId && lastPostId > (thread.last_read_post_id ?? 0))
      await markRead(thread.id, user.id, lastPostId)
    const quoted = posts.find(
      (post) => post.id === rowIdOrNull(request.input('citera')) && post.html !== null
    )
    return view.render('pages/forum/show', {
      thread,
      categories: user.isCoordinator ? await activeCategories('forum') : [],
      posts,
      postPages,
      postMaxLength: POST_MAX_LENGTH,
      replyDraft: quoted ? quoteOf(quoted.author, quoted.body) : '',
      canMarkSolution: thread.author_id === user.id || user.isCoordinator,
      subscribed: thread.subscribed,
      preview: previewOf(ctx),
    })
  }

  /** Follow a thread or stop following it. */
  async subscribe({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const thread = await findThreadOrFail(params.id)
    const { subscribe: on } = await request.validateUsing(subscribeValidator)
    await subscribe(auth.getUserOrFail().id, { threadId: thread.id }, on)
    session.flash('success', i18n.t(on ? 'forum.subscribed' : 'forum.unsubscribed'))
    return response.redirect().toRoute('forum.show', { id: thread.id })
  }

  /** Follow every new thread and reply in a category, or stop. */
  async subscribeCategory({
    params,
    request,
    response,
    session,
    auth,
    bouncer,
    i18n,
  }: HttpContext) {
    await bouncer.authorize('useApp')
    const category = await findForumCategoryOrFail(params.id)
    const { subscribe: on } = await request.validateUsing(subscribeValidator)
    await subscribe(auth.getUserOrFail().id, { categoryId: category.id }, on)
    session.flash(
      'success',
      i18n.t(on ? 'forum.categorySubscribed' : 'forum.categoryUnsubscribed', {
        category: category.name,
      })
    )
    return response.redirect().toRoute('forum.index')
  }

  async reply(ctx: HttpContext) {
    const { params, request, response, session, auth, bouncer, i18n } = ctx
    await bouncer.authorize('useApp')
    const thread = await findThreadOrFail(params.id)
    const { body } = await request.validateUsing(postValidator)
    if (wantsPreview(ctx, body))
      return response.redirect().toPath(`${paths.thread(thread.id)}#svara`)
    const refusal = await floodRefusal(ctx)
    if (refusal) return refuseForm({ session, response }, refusal)
    const result = await reply(thread.id, body, auth.getUserOrFail().id)
    if (!result.ok) session.flash('error', i18n.t(`forum.errors.${result.error as ForumRefusal}`))
    return response
      .redirect()
      .toPath(paths.thread(thread.id, result.ok ? result.postId : undefined))
  }
}
