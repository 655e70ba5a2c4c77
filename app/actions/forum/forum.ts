/**
 * The forum's use cases live one per file in this folder, its reads in
 * app/queries/forum/threads.ts and its rules in app/domain/forum.ts. This file only
 * re-exports them for older imports (the demo loader).
 */
export {
  EDIT_WINDOW_MINUTES,
  POST_MAX_LENGTH,
  POSTS_PER_PAGE,
  THREADS_PER_PAGE,
  quoteOf,
} from '#domain/forum'
export { startThread } from '#actions/forum/start_thread'
export { reply } from '#actions/forum/reply_to_thread'
export { editOwnPost, moderatorEdit } from '#actions/forum/edit_post'
export { markSolution } from '#actions/forum/mark_solution'
export { moderate, moveThread } from '#actions/forum/moderate_forum'
export { reportPost } from '#actions/forum/report_post'
export { markRead } from '#actions/forum/mark_thread_read'
export { subscribe } from '#actions/forum/subscribe_forum'
export {
  threadList,
  categoriesFor,
  threadForReaderOrFail,
  threadPosts,
  pageOfPost,
  subscribersOf,
} from '#queries/forum/threads'
