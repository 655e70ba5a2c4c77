/**
 * One search over published routines, forum posts and meetings (search_documents, kept
 * current by triggers: database/migrations/0023). Every kind of meeting is indexed; all but
 * the network meetings are marked hidden (migration 0170), so only the coordinator finds a
 * steering-group meeting, a supplier meeting or an avstämning.
 *
 * A document hits when
 * - the `swedish` full-text query matches (inflections: "vidarekoppling" finds
 *   "vidarekopplingar"), each word also as a prefix and split into two parts, so a
 *   compound finds its parts ("växelrutin" finds "rutin för växeln"); or
 * - pg_trgm finds the words similar enough (typos: "vidarekopling").
 * Hidden forum posts are found by the coordinator only. See docs/adr/0006-search.md.
 */
import db from '@adonisjs/lucid/services/db'
import { paths } from '#domain/paths'
import {
  MARK_END,
  MARK_START,
  MAX_RESULTS,
  compoundTsquery,
  queryWords,
  snippetHtml,
} from '#domain/search_terms'

export interface SearchHit {
  kind: 'routine' | 'post' | 'meeting'
  /** a meeting's kind (network, steering_group, supplier, review), for its label */
  meetingKind: string | null
  title: string
  url: string
  snippet: string
}

export async function search(
  query: string,
  viewer: { isCoordinator: boolean }
): Promise<SearchHit[]> {
  const words = queryWords(query)
  if (words.length === 0) return []
  const compound = words.map(compoundTsquery).join(' & ')
  const rows = await db.rawQuery(
    `WITH q AS (
       SELECT websearch_to_tsquery('swedish', search_fold(:text)) || to_tsquery('swedish', search_fold(:compound)) AS tsq,
              search_ascii(:plain) AS plain
     )
     SELECT d.kind, d.source_id, d.thread_id, d.title,
            (SELECT m.kind FROM meetings m WHERE d.kind = 'meeting' AND m.id = d.source_id) AS meeting_kind,
            ts_headline('swedish', d.body, q.tsq,
              'StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') AS headline,
            ts_rank_cd(d.document, q.tsq) + word_similarity(q.plain, d.trigrams) AS rank
     FROM search_documents d, q
     WHERE (d.document @@ q.tsq OR q.plain <% d.trigrams)
       AND (NOT d.hidden OR :coordinator)
     ORDER BY rank DESC, d.updated_at DESC
     LIMIT ${MAX_RESULTS}`,
    { text: query, compound, plain: words.join(' '), coordinator: viewer.isCoordinator }
  )
  return rows.rows.map(
    (row: {
      kind: SearchHit['kind']
      source_id: number
      thread_id: number | null
      meeting_kind: string | null
      title: string
      headline: string
    }) => ({
      kind: row.kind,
      meetingKind: row.meeting_kind,
      title: row.title,
      url:
        row.kind === 'routine'
          ? paths.routine(row.source_id)
          : row.kind === 'post'
            ? paths.thread(row.thread_id!, row.source_id)
            : paths.meeting(row.source_id),
      snippet: snippetHtml(row.headline, words),
    })
  )
}
