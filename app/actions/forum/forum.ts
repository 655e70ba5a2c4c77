/**
 * The forum: threads and replies in Markdown (rendered safely), editing one's own post
 * within a window, marking the solution, unread markers, reports, and moderation by the
 * coordinator (pin, lock, move, hide or edit with a visible note).
 */
import db from '@adonisjs/lucid/services/db'
import { SimplePaginator } from '@adonisjs/lucid/database'
import { prepared } from '#services/prepared_query'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { recordAudit } from '#services/audit'
import { notify } from '#services/notifications'
import { paths } from '#domain/paths'
import { clock } from '#services/clock'

/** A post can be edited by its author for this long after it was written. */
export const EDIT_WINDOW_MINUTES = 30
/** The longest post (characters); the forms say so. */
export const POST_MAX_LENGTH = 20_000
/** Posts shown per page of a thread. */
export const POSTS_PER_PAGE = 50

export async function startThread(
  input: { categoryId: number; title: string; body: string },
  userId: number
) {
  return db.transaction(async (trx) => {
    const [thread] = await trx
      .table('forum_threads')
      .insert({ category_id: input.categoryId, title: input.title, author_id: userId })
      .returning('id')
    const [post] = await trx
      .table('forum_posts')
      .insert({ thread_id: thread.id, author_id: userId, body: input.body })
      .returning('id')
    await trx
      .table('forum_reads')
      .insert({ thread_id: thread.id, user_id: userId, last_read_post_id: post.id })
    await subscribe(userId, { threadId: thread.id }, true, trx)
    const category = await trx.from('forum_categories').where('id', input.categoryId).firstOrFail()
    await notify(
      (await subscribersOf({ categoryId: input.categoryId }, trx)).filter((id) => id !== userId),
      'forum_reply',
      {
        key: 'forumNewThread',
        params: { category: category.name, title: input.title },
        url: paths.thread(thread.id),
      },
      trx
    )
    return Number(thread.id)
  })
}

export async function reply(threadId: number, body: string, userId: number) {
  return db.transaction(async (trx) => {
    const thread = await trx.from('forum_threads').where('id', threadId).forUpdate().firstOrFail()
    if (thread.locked)
      return { ok: false as const, error: 'Tråden är låst; nya svar går inte att skriva.' }
    const [post] = await trx
      .table('forum_posts')
      .insert({ thread_id: threadId, author_id: userId, body })
      .returning('id')
    await trx.from('forum_threads').where('id', threadId).update({ last_post_at: new Date() })
    await subscribe(userId, { threadId }, true, trx)
    await notify(
      (await subscribersOf({ threadId, categoryId: thread.category_id }, trx)).filter(
        (id) => id !== userId
      ),
      'forum_reply',
      { key: 'forumReply', params: { title: thread.title }, url: paths.thread(threadId, post.id) },
      trx
    )
    return { ok: true as const, postId: Number(post.id) }
  })
}

export async function editOwnPost(postId: number, body: string, userId: number) {
  const post = await db.from('forum_posts').where('id', postId).firstOrFail()
  if (post.author_id !== userId)
    return { ok: false as const, error: 'Du kan bara ändra dina egna inlägg.' }
  if (clock.nowMs() - new Date(post.created_at).getTime() > EDIT_WINDOW_MINUTES * 60_000) {
    return {
      ok: false as const,
      error: `Inlägg kan ändras i ${EDIT_WINDOW_MINUTES} minuter efter att de skrivits.`,
    }
  }
  await db.from('forum_posts').where('id', postId).update({ body, edited_at: new Date() })
  return { ok: true as const, threadId: Number(post.thread_id) }
}

/** The coordinator edits someone else's post; the note is shown with the post and the change is audited. */
export async function moderatorEdit(postId: number, body: string, note: string, userId: number) {
  const post = await db.from('forum_posts').where('id', postId).firstOrFail()
  await db
    .from('forum_posts')
    .where('id', postId)
    .update({ body, edited_at: new Date(), edit_note: note, edited_by: userId })
  await recordAudit(null, {
    userId,
    action: 'update',
    entityType: 'setting',
    entityId: `foruminlagg-${postId}`,
    summary: `Forum: inlägget ändrades av samordnaren – ${note}`,
  })
  return { ok: true as const, threadId: Number(post.thread_id) }
}

export async function markSolution(postId: number, user: { id: number; isCoordinator: boolean }) {
  const post = await db.from('forum_posts').where('id', postId).firstOrFail()
  const thread = await db.from('forum_threads').where('id', post.thread_id).firstOrFail()
  if (thread.author_id !== user.id && !user.isCoordinator) {
    return {
      ok: false as const,
      error: 'Den som startade tråden (eller samordnaren) markerar lösningen.',
    }
  }
  await db.from('forum_threads').where('id', thread.id).update({ solution_post_id: postId })
  return { ok: true as const, threadId: Number(thread.id) }
}

export async function moderate(
  target: { threadId?: number; postId?: number },
  action: 'pin' | 'unpin' | 'lock' | 'unlock' | 'hide' | 'show',
  note: string,
  userId: number
) {
  if (target.threadId && ['pin', 'unpin', 'lock', 'unlock'].includes(action)) {
    const column = action.endsWith('pin') ? 'pinned' : 'locked'
    await db
      .from('forum_threads')
      .where('id', target.threadId)
      .update({ [column]: !action.startsWith('un') })
  }
  if (target.postId && (action === 'hide' || action === 'show')) {
    await db
      .from('forum_posts')
      .where('id', target.postId)
      .update({ hidden: action === 'hide', moderation_note: note || null })
  }
  await recordAudit(null, {
    userId,
    action: 'update',
    entityType: 'setting',
    entityId: target.threadId ? `forumtrad-${target.threadId}` : `foruminlagg-${target.postId}`,
    summary: `Forum: ${action}${note ? ` – ${note}` : ''}`,
  })
}

export async function moveThread(threadId: number, categoryId: number, userId: number) {
  const category = await db.from('forum_categories').where('id', categoryId).firstOrFail()
  await db.from('forum_threads').where('id', threadId).update({ category_id: categoryId })
  await recordAudit(null, {
    userId,
    action: 'update',
    entityType: 'setting',
    entityId: `forumtrad-${threadId}`,
    summary: `Forum: tråden flyttad till ${category.name}`,
  })
}

/** The text of a post as a Markdown quote, to start a reply with. */
export function quoteOf(author: string, body: string) {
  return `> **${author}:**\n${body
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')}\n\n`
}

export async function reportPost(postId: number, reason: string, userId: number) {
  await db.table('forum_reports').insert({ post_id: postId, reported_by: userId, reason })
}

/** Threads shown per page of the forum list. */
export const THREADS_PER_PAGE = 30

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
  const total =
    rows.length > 0
      ? rows[0].total_threads
      : Number((await db.from('forum_threads').count('* as count').first())?.count ?? 0)
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
 * A thread with its category, its number of posts, whether the user follows it and how far
 * they have read, in one round trip.
 */
export async function threadForReader(threadId: number, userId: number) {
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

/** Mark a thread read up to its last post (pass it when the caller has the posts at hand). */
export async function markRead(threadId: number, userId: number, lastPostId?: number) {
  const last = lastPostId
    ? { id: lastPostId }
    : await db.from('forum_posts').where('thread_id', threadId).max('id as id').first()
  if (!last?.id) return
  await db.rawQuery(
    `INSERT INTO forum_reads (thread_id, user_id, last_read_post_id) VALUES (?, ?, ?)
     ON CONFLICT (thread_id, user_id) DO UPDATE SET last_read_post_id = greatest(forum_reads.last_read_post_id, EXCLUDED.last_read_post_id)`,
    [threadId, userId, last.id]
  )
}

type SubscriptionTarget =
  { threadId: number; categoryId?: never } | { categoryId: number; threadId?: never }

/** Follow (or stop following) a thread or a whole category. Writing in a thread follows it. */
export async function subscribe(
  userId: number,
  target: SubscriptionTarget,
  on: boolean,
  client: QueryClientContract = db.connection()
) {
  const column = target.threadId ? 'thread_id' : 'category_id'
  const id = target.threadId ?? target.categoryId
  if (!on) {
    await client.from('forum_subscriptions').where('user_id', userId).where(column, id).delete()
    return
  }
  await client.rawQuery(
    `INSERT INTO forum_subscriptions (user_id, ${column}) VALUES (?, ?) ON CONFLICT (${column}, user_id) WHERE ${column} IS NOT NULL DO NOTHING`,
    [userId, id]
  )
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
