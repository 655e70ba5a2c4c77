import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import {
  EDIT_WINDOW_MINUTES,
  POST_MAX_LENGTH,
  POSTS_PER_PAGE,
  editOwnPost,
  pageOfPost,
  markRead,
  markSolution,
  moderate,
  moderatorEdit,
  moveThread,
  quoteOf,
  reply,
  reportPost,
  startThread,
  subscribe,
  categoriesFor,
  threadForReader,
  threadList,
  threadPosts,
} from '#actions/forum/forum'
import { renderMarkdown } from '#services/markdown'
import { activeCategories } from '#queries/categories/categories'
import { paths } from '#domain/paths'
import { refuseForm } from '#services/form_refusal'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { pageNumber, rowIdOrNull } from '#domain/query_values'
import { rowId } from '#validators/row_id'

/** New threads and replies per user: at most this many in the window (a flood is refused). */
export const FORUM_POSTS_PER_WINDOW = 10
const FORUM_POST_WINDOW = '10 mins'

/**
 * Counts a post against the user's allowance (PostgreSQL, the limiter's own connection,
 * shared by every instance); the Swedish refusal when it is used up, else null.
 */
async function floodRefusal({ auth, i18n }: HttpContext) {
  const posts = limiter.use('database', {
    requests: FORUM_POSTS_PER_WINDOW,
    duration: FORUM_POST_WINDOW,
  })
  try {
    await posts.consume(`forum_post_${auth.getUserOrFail().id}`)
    return null
  } catch (error) {
    if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
    const minutes = Math.max(1, Math.ceil(error.response.availableIn / 60))
    return i18n.t('forum.tooManyPosts', { count: FORUM_POSTS_PER_WINDOW, minutes })
  }
}

/** A category new threads can go under: not archived. */
const activeForumCategory = () =>
  rowId().exists(async (db, value) =>
    Boolean(await db.from('forum_categories').where('id', value).whereNull('archived_at').first())
  )
const threadValidator = vine.create({
  categoryId: activeForumCategory(),
  title: vine.string().trim().minLength(3).maxLength(200),
  body: vine.string().trim().minLength(1).maxLength(POST_MAX_LENGTH),
})
const postValidator = vine.create({
  body: vine.string().trim().minLength(1).maxLength(POST_MAX_LENGTH),
})
const moderatorEditValidator = vine.create({
  body: vine.string().trim().minLength(1).maxLength(POST_MAX_LENGTH),
  editNote: vine.string().trim().minLength(3).maxLength(500),
})
const subscribeValidator = vine.create({ subscribe: vine.boolean() })
const reportValidator = vine.create({ reason: vine.string().trim().minLength(3).maxLength(1000) })
const moderateThreadValidator = vine.create({
  action: vine.enum(['pin', 'unpin', 'lock', 'unlock', 'move'] as const),
  categoryId: activeForumCategory().optional().requiredWhen('action', '=', 'move'),
})
const moderatePostValidator = vine.create({
  action: vine.enum(['hide', 'show'] as const),
  note: vine.string().trim().maxLength(500).optional(),
})

async function threadOrFail(id: unknown) {
  const thread = await db.from('forum_threads').where('id', Number(id)).first()
  if (!thread) throw new Exception('Tråden finns inte', { status: 404 })
  return thread
}

async function postOrFail(id: unknown) {
  const post = await db.from('forum_posts').where('id', Number(id)).first()
  if (!post) throw new Exception('Inlägget finns inte', { status: 404 })
  return post
}

/** Forum: every signed-in user reads and writes; the coordinator moderates. */
export default class ForumController {
  async index({ request, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const threads = await threadList(user.id, pageNumber(request.input('page')))
    threads.baseUrl(request.url())
    return view.render('pages/forum/index', { threads, categories: await categoriesFor(user.id) })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    return view.render('pages/forum/create', {
      categories: await activeCategories('forum'),
      postMaxLength: POST_MAX_LENGTH,
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth, bouncer } = ctx
    await bouncer.authorize('useApp')
    const values = await request.validateUsing(threadValidator)
    const refusal = await floodRefusal(ctx)
    if (refusal) return refuseForm({ session, response }, refusal)
    const id = await startThread(values, auth.getUserOrFail().id)
    return response.redirect().toRoute('forum.show', { id })
  }

  /**
   * A page of the thread: `?page=`, or the page that holds `?inlagg=` (a link to a post) or
   * `?citera=` (the post being quoted), else the first.
   */
  async show({ params, request, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const user = auth.getUserOrFail()
    const thread = await threadForReader(Number(params.id), user.id)
    if (!thread) throw new Exception('Tråden finns inte', { status: 404 })
    const target = rowIdOrNull(request.input('inlagg')) ?? rowIdOrNull(request.input('citera')) ?? 0
    const requested =
      rowIdOrNull(request.input('page')) ?? (target > 0 ? await pageOfPost(thread.id, target) : 1)
    const lastPage = Math.max(1, Math.ceil(thread.post_count / POSTS_PER_PAGE))
    const page = Math.min(Math.max(1, Math.trunc(requested)), lastPage)
    const postPages = await threadPosts(thread.id, page, thread.post_count)
    postPages.baseUrl(request.url())
    const rows = postPages.all()
    const editableSince = Date.now() - EDIT_WINDOW_MINUTES * 60_000
    const posts = rows.map((post) => ({
      ...post,
      html: post.hidden && !user.isCoordinator ? null : renderMarkdown(post.body),
      canEdit:
        (post.author_id === user.id && new Date(post.created_at).getTime() > editableSince) ||
        user.isCoordinator,
      isSolution: thread.solution_post_id === post.id,
    }))
    // read up to the last post of this page; written only when there is something new
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
    })
  }

  /** Follow a thread or stop following it. */
  async subscribe({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const thread = await threadOrFail(params.id)
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
    const category = await db.from('forum_categories').where('id', Number(params.id)).first()
    if (!category) throw new Exception('Kategorin finns inte', { status: 404 })
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
    const { params, request, response, session, auth, bouncer } = ctx
    await bouncer.authorize('useApp')
    const thread = await threadOrFail(params.id)
    const { body } = await request.validateUsing(postValidator)
    const refusal = await floodRefusal(ctx)
    if (refusal) return refuseForm({ session, response }, refusal)
    const result = await reply(thread.id, body, auth.getUserOrFail().id)
    if (!result.ok) session.flash('error', result.error)
    return response
      .redirect()
      .toPath(paths.thread(thread.id, result.ok ? result.postId : undefined))
  }

  /** The author edits within the window; the coordinator edits anyone's post with a visible note. */
  async editPost({ params, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const post = await postOrFail(params.id)
    const user = auth.getUserOrFail()
    if (post.author_id !== user.id && !user.isCoordinator)
      throw new Exception('Du kan bara ändra dina egna inlägg.', { status: 403 })
    return view.render('pages/forum/edit_post', {
      post,
      thread: await threadOrFail(post.thread_id),
      editWindowMinutes: EDIT_WINDOW_MINUTES,
      postMaxLength: POST_MAX_LENGTH,
      asModerator: post.author_id !== user.id,
    })
  }

  async updatePost({ params, request, response, session, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const post = await postOrFail(params.id)
    const user = auth.getUserOrFail()
    if (post.author_id !== user.id && !user.isCoordinator)
      throw new Exception('Du kan bara ändra dina egna inlägg.', { status: 403 })
    if (post.author_id !== user.id) {
      const { body, editNote } = await request.validateUsing(moderatorEditValidator)
      await moderatorEdit(post.id, body, editNote, user.id)
    } else {
      const { body } = await request.validateUsing(postValidator)
      const result = await editOwnPost(post.id, body, user.id)
      if (!result.ok) session.flash('error', result.error)
    }
    return response.redirect().toPath(paths.thread(post.thread_id, post.id))
  }

  async solution({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const post = await postOrFail(params.id)
    const result = await markSolution(post.id, auth.getUserOrFail())
    if (!result.ok) throw new Exception(result.error, { status: 403 })
    session.flash('success', i18n.t('forum.solutionMarked'))
    return response.redirect().toPath(paths.thread(post.thread_id, post.id))
  }

  async report({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const post = await postOrFail(params.id)
    const { reason } = await request.validateUsing(reportValidator)
    await reportPost(post.id, reason, auth.getUserOrFail().id)
    session.flash('success', i18n.t('forum.reported'))
    return response.redirect().toPath(paths.thread(post.thread_id, post.id))
  }

  async moderateThread({ params, request, response, auth, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const thread = await threadOrFail(params.id)
    const { action, categoryId } = await request.validateUsing(moderateThreadValidator)
    if (action === 'move') await moveThread(thread.id, categoryId!, auth.getUserOrFail().id)
    else await moderate({ threadId: thread.id }, action, '', auth.getUserOrFail().id)
    return response.redirect().toRoute('forum.show', { id: thread.id })
  }

  async moderatePost({ params, request, response, auth, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const post = await postOrFail(params.id)
    const { action, note } = await request.validateUsing(moderatePostValidator)
    await moderate({ postId: post.id }, action, note ?? '', auth.getUserOrFail().id)
    return response.redirect().toPath(paths.thread(post.thread_id, post.id))
  }

  async reports({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const reports = await db
      .from('forum_reports as r')
      .join('forum_posts as p', 'p.id', 'r.post_id')
      .join('forum_threads as t', 't.id', 'p.thread_id')
      .join('users as u', 'u.id', 'r.reported_by')
      .orderBy('r.created_at', 'desc')
      .select('r.*', 'p.thread_id', 'p.hidden', 't.title', 'u.full_name as reporter')
    return view.render('pages/forum/reports', { reports })
  }
}
