/**
 * One search over published routines, forum posts and network meetings
 * (search_documents, kept current by triggers: database/migrations/0023).
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

export const MAX_RESULTS = 30
const MIN_PART = 3
const MARK_START = '\u27e6'
const MARK_END = '\u27e7'

/** The words of a query, lower-cased, letters and digits only. */
export function queryWords(query: string) {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8)
}

/** A tsquery for one word: itself as a prefix (from three letters), or any split into two parts that both occur. */
export function compoundTsquery(word: string) {
  const alternatives = [word.length >= MIN_PART ? `${word}:*` : word]
  for (let at = MIN_PART; at <= word.length - MIN_PART; at++) {
    alternatives.push(`(${word.slice(0, at)}:* & ${word.slice(at)}:*)`)
  }
  return `(${alternatives.join(' | ')})`
}

function escapeHtml(text: string) {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
  )
}

const ascii = (text: string) =>
  text
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/[éè]/g, 'e')
    .replace(/ü/g, 'u')

/**
 * A snippet as safe HTML: the text escaped, Markdown marks dropped, the words the search
 * matched in <mark>. Where only the trigram search hit, words that begin like a query
 * word are marked instead.
 */
export function snippetHtml(headline: string, words: string[]) {
  const plain = headline
    .replace(/[*_#`]+/g, '')
    .replace(/(^|\s)>+(?=\s)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
  if (plain.includes(MARK_START)) {
    return escapeHtml(plain).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>')
  }
  const stems = words.filter((word) => word.length >= 4).map((word) => ascii(word).slice(0, 5))
  return escapeHtml(plain).replace(/[\p{L}\p{N}]+/gu, (token) =>
    stems.some((stem) => ascii(token).startsWith(stem)) ? `<mark>${token}</mark>` : token
  )
}

export interface SearchHit {
  kind: 'routine' | 'post' | 'meeting'
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
      title: string
      headline: string
    }) => ({
      kind: row.kind,
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
