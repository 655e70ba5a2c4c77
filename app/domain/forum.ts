/**
 * The forum's rules (DOMAIN.md, forum): an author may edit a post for a while after
 * writing it; a post has a maximum length; pages have a fixed size; a quote is Markdown.
 */

/** A post can be edited by its author for this long after it was written. */
export const EDIT_WINDOW_MINUTES = 30
/** The longest post (characters); the forms say so. */
export const POST_MAX_LENGTH = 20_000
/** Posts shown per page of a thread. */
export const POSTS_PER_PAGE = 50
/** Threads shown per page of the forum list. */
export const THREADS_PER_PAGE = 30

/** Whether a post written at `writtenAtMs` may still be edited by its author at `nowMs`. */
export function withinEditWindow(writtenAtMs: number, nowMs: number) {
  return nowMs - writtenAtMs <= EDIT_WINDOW_MINUTES * 60_000
}

/** The text of a post as a Markdown quote, to start a reply with. */
export function quoteOf(author: string, body: string) {
  return `> **${author}:**\n${body
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')}\n\n`
}

/** Why a forum action was refused: a key under `forum.errors` in resources/lang. */
export type ForumRefusal = 'threadLocked' | 'onlyOwnPosts' | 'editWindowPassed' | 'solutionByAsker'
