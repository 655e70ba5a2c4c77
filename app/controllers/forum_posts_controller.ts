import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { findPostOrFail, findThreadOrFail } from '#queries/forum/threads'
import { editOwnPost, moderatorEdit } from '#actions/forum/edit_post'
import { markSolution } from '#actions/forum/mark_solution'
import { reportPost } from '#actions/forum/report_post'
import { EDIT_WINDOW_MINUTES, POST_MAX_LENGTH } from '#domain/forum'
import { postValidator, moderatorEditValidator, reportValidator } from '#validators/forum'
import { paths } from '#domain/paths'

/** One post: its author edits it, the asker marks it as the solution, anyone reports it. */
export default class ForumPostsController {
  /** The author edits within the window; the coordinator edits anyone's post with a visible note. */
  async edit({ params, view, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const post = await findPostOrFail(params.id)
    const user = auth.getUserOrFail()
    if (post.author_id !== user.id && !user.isCoordinator)
      throw new Exception(i18n.t('forum.errors.onlyOwnPosts'), { status: 403 })
    return view.render('pages/forum/edit_post', {
      post,
      thread: await findThreadOrFail(post.thread_id),
      editWindowMinutes: EDIT_WINDOW_MINUTES,
      postMaxLength: POST_MAX_LENGTH,
      asModerator: post.author_id !== user.id,
    })
  }

  async update({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const post = await findPostOrFail(params.id)
    const user = auth.getUserOrFail()
    if (post.author_id !== user.id && !user.isCoordinator)
      throw new Exception(i18n.t('forum.errors.onlyOwnPosts'), { status: 403 })
    if (post.author_id !== user.id) {
      const { body, editNote } = await request.validateUsing(moderatorEditValidator)
      await moderatorEdit(post.id, body, editNote, user.id)
    } else {
      const { body } = await request.validateUsing(postValidator)
      const result = await editOwnPost(post.id, body, user.id)
      if (!result.ok)
        session.flash(
          'error',
          i18n.t(`forum.errors.${result.error}`, { minutes: EDIT_WINDOW_MINUTES })
        )
    }
    return response.redirect().toPath(paths.thread(post.thread_id, post.id))
  }

  async solution({ params, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const post = await findPostOrFail(params.id)
    const result = await markSolution(post.id, auth.getUserOrFail())
    if (!result.ok) throw new Exception(i18n.t(`forum.errors.${result.error}`), { status: 403 })
    session.flash('success', i18n.t('forum.solutionMarked'))
    return response.redirect().toPath(paths.thread(post.thread_id, post.id))
  }

  async report({ params, request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('useApp')
    const post = await findPostOrFail(params.id)
    const { reason } = await request.validateUsing(reportValidator)
    await reportPost(post.id, reason, auth.getUserOrFail().id)
    session.flash('success', i18n.t('forum.reported'))
    return response.redirect().toPath(paths.thread(post.thread_id, post.id))
  }
}
