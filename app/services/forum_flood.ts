import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'

/** New threads and replies per user: at most this many in the window (a flood is refused). */
export const FORUM_POSTS_PER_WINDOW = 10
const FORUM_POST_WINDOW = '10 mins'

/**
 * Counts a post against the user's allowance (PostgreSQL, the limiter's own connection,
 * shared by every instance). null when allowed; else the minutes to wait.
 */
export async function consumeForumPost(userId: number): Promise<{ waitMinutes: number } | null> {
  const posts = limiter.use('database', {
    requests: FORUM_POSTS_PER_WINDOW,
    duration: FORUM_POST_WINDOW,
  })
  try {
    await posts.consume(`forum_post_${userId}`)
    return null
  } catch (error) {
    if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
    return { waitMinutes: Math.max(1, Math.ceil(error.response.availableIn / 60)) }
  }
}
