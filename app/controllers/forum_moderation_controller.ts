import type { HttpContext } from '@adonisjs/core/http'
import { findPostOrFail, findThreadOrFail, reportedPosts } from '#queries/forum/threads'
import { moderate, moveThread } from '#actions/forum/moderate_forum'
import { moderatePostValidator, moderateThreadValidator } from '#validators/forum'
import { paths } from '#domain/paths'

/** The coordinator's side of the forum: pin, lock, move, hide, and the reported posts. */
export default class ForumModerationController {
  async moderateThread({ params, request, response, auth, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const thread = await findThreadOrFail(params.id)
    const { action, categoryId } = await request.validateUsing(moderateThreadValidator)
    if (action === 'move') await moveThread(thread.id, categoryId!, auth.getUserOrFail().id)
    else await moderate({ threadId: thread.id }, action, '', auth.getUserOrFail().id)
    return response.redirect().toRoute('forum.show', { id: thread.id })
  }

  async moderatePost({ params, request, response, auth, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    const post = await findPostOrFail(params.id)
    const { action, note } = await request.validateUsing(moderatePostValidator)
    await moderate({ postId: post.id }, action, note ?? '', auth.getUserOrFail().id)
    return response.redirect().toPath(paths.thread(post.thread_id, post.id))
  }

  async reports({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/forum/reports', { reports: await reportedPosts() })
  }
}
