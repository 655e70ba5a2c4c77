/**
 * Reads of the forum: the thread list with unread markers, a thread for its reader, the
 * posts of a page, the categories a user follows, who follows a thread, reported posts.
 */
import db from '@adonisjs/lucid/services/db'
import { errors } from '@adonisjs/lucid'
import { SimplePaginator } from '@adonisjs/lucid/database'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { prepared } from '#services/prepared_query'
import { POSTS_PER_PAGE, THREADS_PER_PAGE } from '#domain/forum'

/** A thread by id; 404 (Lucid's row-not-found) when there is none. */
export function findThreadOrFail(id: number) {
  return db.from('forum_threads').where('id', id).firstOrFail()
}

/** A post by id; 404 when there is none. */
export function findPostOrFail(id: number) {
  return db.from('forum_posts').where('id', id).firstOrFail()
}

/** A forum category by id; 404 when there is none. */
export function findForumCategoryOrFail(id: number) {
  return db.from('forum_categories').where('id', id).firstOrFail()
}

/** Whether new threads may go under the category: it exists and is not archived. */
export async function isActiveForumCategory(id: number) {
  return Boolean(await db.from('forum_categories').where('id', id).whereNull('archived_at').first())
}

/**
 * One page of the forum's threads (pinned first, then latest activity) with an unread
 * marker for the user. The total for the page links comes with the rows rather than from
 * a second query; only a page past the end asks for it apart.
 */
export async function threadList(userId: number, page: number) {
  const query = db
    .from('forum_threads as t')
    .join('forum_categories as c', 'c.id', 't.category_id')
    .join('users as u', 'u.id', 't.author_id')
    .leftJoin('forum_reads as r', (join) =>
      join.on('r.thread_id', 't.id').andOnVal('r.user_id', userId)
    )
    .orderBy([
      { column: 't.pinned', order: 'desc' },
      { column: 't.last_post_at', order: 'desc' },
      { column: 't.id', order: 'desc' },
    ])
    .select(
      't.id',
      't.title',
      't.pinned',
      't.locked',
      't.solution_post_id',
      't.last_post_at',
      'c.name as category',
      'u.full_name as author',
      // replies: visible posts after the opening post (a hidden opening post is not a reply)
      db.raw(
        '(SELECT count(*) FROM forum_posts p WHERE p.thread_id = t.id AND NOT p.hidden AND p.id > (SELECT min(f.id) FROM forum_posts f WHERE f.thread_id = t.id))::int AS replies'
      ),
      // the first post the user has not read (the list links to it), null when all are read
      db.raw(
        '(SELECT min(p.id) FROM forum_posts p WHERE p.thread_id = t.id AND p.id > coalesce(r.last_read_post_id, 0)) ' +
          'AS first_unread_post_id'
      ),
      db.raw('(SELECT count(*) FROM forum_threads)::int AS total_threads')
    )
    .limit(THREADS_PER_PAGE)
    .offset((Math.max(1, page) - 1) * THREADS_PER_PAGE)
  const rows = await prepared(query)
  // a page past the end has no row to carry the total: ask for it apart
  const counted =
    rows.length > 0 ? null : await db.from('forum_threads').count('* as count').first()
  const total = rows.length > 0 ? rows[0].total_threads : Number(counted?.count ?? 0)
  return new SimplePaginator(total, THREADS_PER_PAGE, Math.max(1, page), ...rows)
}

/** The categories, each with whether the user follows it. */
export function categoriesFor(userId: number) {
  return prepared(
    db
      .from('forum_categories as c')
      .orderBy([{ column: 'c.sort_order' }, { column: 'c.name' }])
      .select(
        'c.*',
        db.raw(
          'EXISTS (SELECT 1 FROM forum_subscriptions s WHERE s.category_id = c.id AND s.user_id = ?) AS subscribed',
          [userId]
        )
      )
  )
}

/**
 * A thread (404 when there is none) with its category, its number of posts, whether the user follows it and how far
 * they have read, in one round trip.
 */
export async function threadForReaderOrFail(threadId: number, userId: number) {
  const [thread] = await prepared(
    db
      .from('forum_threads as t')
      .join('forum_categories as c', 'c.id', 't.category_id')
      .where('t.id', threadId)
      .select(
        't.*',
        'c.name as category_name',
        db.raw('(SELECT count(*) FROM forum_posts p WHERE p.thread_id = t.id)::int AS post_count'),
        db.raw(
          'EXISTS (SELECT 1 FROM forum_subscriptions s WHERE s.thread_id = t.id AND s.user_id = ?) AS subscribed',
          [userId]
        ),
        db.raw(
          '(SELECT r.last_read_post_id FROM forum_reads r WHERE r.thread_id = t.id AND r.user_id = ?) AS last_read_post_id',
          [userId]
        )
      )
      .limit(1)
  )
  if (!thread) throw new errors.E_ROW_NOT_FOUND()
  return thread
}

/**
 * One page of a thread's posts in order, with author and organisation names. `total` is the
 * thread's number of posts (threadForReader's post_count). Posts are never deleted, only
 * hidden, so a post stays on the page it was first shown on.
 */
export async function threadPosts(threadId: number, page: number, total: number) {
  const rows = await prepared(
    db
      .from('forum_posts as p')
      .join('users as u', 'u.id', 'p.author_id')
      .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
      .where('p.thread_id', threadId)
      .orderBy('p.id')
      .select('p.*', 'u.full_name as author', 'o.name as organisation')
      .limit(POSTS_PER_PAGE)
      .offset((page - 1) * POSTS_PER_PAGE)
  )
  return new SimplePaginator(total, POSTS_PER_PAGE, page, ...rows)
}

/** The page of a thread that shows the post (the last page for an id past the end). */
export async function pageOfPost(threadId: number, postId: number) {
  const [row] = await prepared(
    db
      .from('forum_posts')
      .where('thread_id', threadId)
      .where('id', '<=', postId)
      .count('* as position')
      .limit(1)
  )
  return Math.max(1, Math.ceil(Number(row?.position ?? 0) / POSTS_PER_PAGE))
}

/** Who follows a thread, directly or through its category. */
export async function subscribersOf(
  target: { threadId?: number; categoryId?: number },
  client: QueryClientContract = db.connection()
) {
  const rows = await client
    .from('forum_subscriptions')
    .where((q) => {
      if (target.threadId) q.orWhere('thread_id', target.threadId)
      if (target.categoryId) q.orWhere('category_id', target.categoryId)
    })
    .distinct('user_id')
  return rows.map((row) => Number(row.user_id))
}

/** Reported posts for the coordinator, the latest report first. */
export function reportedPosts() {
  return db
    .from('forum_reports as r')
    .join('forum_posts as p', 'p.id', 'r.post_id')
    .join('forum_threads as t', 't.id', 'p.thread_id')
    .join('users as u', 'u.id', 'r.reported_by')
    .orderBy('r.created_at', 'desc')
    .select('r.*', 'p.thread_id', 'p.hidden', 't.title', 'u.full_name as reporter')
}
