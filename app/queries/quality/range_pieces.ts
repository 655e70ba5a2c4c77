/** The pieces of a date range (whole months, partial edges) as one tagged SQL UNION: shared by the range reads (docs/adr/0032). */
import { rangePieces, type DateRange } from '#domain/date_ranges'

/**
 * One statement over the pieces of several ranges, each row tagged with its range's `tag`:
 * `whole` reads the monthly rows of a range's whole months (its `?`s are the tag and the
 * months' first days), `edge` the rows of one partial month (the tag, then the edge's
 * first and last day). Both name their columns alike: either may come first in the UNION,
 * which takes its names. Returns the UNION's text and its bindings.
 */
export function taggedPieceSql(
  ranges: { tag: number; range: DateRange }[],
  whole: string,
  edge: string
) {
  const parts: string[] = []
  const bindings: unknown[] = []
  for (const { tag, range } of ranges) {
    const { months, edges } = rangePieces(range)
    if (months.length > 0) {
      parts.push(whole)
      bindings.push(tag, months)
    }
    for (const piece of edges) {
      parts.push(edge)
      bindings.push(tag, piece.from, piece.to)
    }
  }
  return { sql: parts.join(' UNION ALL '), bindings }
}
