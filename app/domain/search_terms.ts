/**
 * The search's pure rules: a query's words, a word as a tsquery that also finds the parts
 * of a compound, and a hit's snippet as safe HTML with the matched words marked.
 */

export const MAX_RESULTS = 30
const MIN_PART = 3
/** Marks ts_headline puts around a matched word (characters a text never has). */
export const MARK_START = '\u27e6'
export const MARK_END = '\u27e7'

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
