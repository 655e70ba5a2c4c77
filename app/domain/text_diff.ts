/**
 * A readable line diff between two versions of a text, for a routine's version history.
 * The comparison is the `diff` package's Myers algorithm (O((N+M)·D), D the number of
 * changed lines): a small change in a 100 000-character routine costs little. When two
 * versions have almost nothing in common and the comparison would take longer than
 * DIFF_TIMEOUT_MS, the history shows the old text removed and the new one added.
 */
import { diffLines } from 'diff'

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string }

/** The longest a comparison may take before the whole-text fallback (milliseconds). */
export const DIFF_TIMEOUT_MS = 2_000

/** The lines of a chunk of text (a chunk's last newline ends its last line). */
function linesOf(value: string) {
  const lines = value.split('\n')
  if (lines.length > 1 && lines.at(-1) === '') lines.pop()
  return lines
}

export function lineDiff(before: string, after: string): DiffLine[] {
  // every line ends with a newline, so a last line without one compares equal to itself
  const changes = diffLines(`${before}\n`, `${after}\n`, { timeout: DIFF_TIMEOUT_MS })
  if (!changes) {
    return [
      ...linesOf(before).map((text) => ({ kind: 'removed' as const, text })),
      ...linesOf(after).map((text) => ({ kind: 'added' as const, text })),
    ]
  }
  return changes.flatMap((change) => {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same'
    return linesOf(change.value).map((text) => ({ kind, text }))
  })
}
