/**
 * Markdown for routines, forum posts and minutes, rendered safely: raw HTML is never
 * passed through (it is shown as text), links may only be http(s), mailto or relative,
 * and images are not rendered. The output is trusted HTML only because of these rules —
 * tests/unit/markdown.spec.ts holds the XSS corpus.
 */
import MarkdownIt from 'markdown-it'

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false })

const SAFE_LINK = /^(https?:|mailto:|\/|#)/i
markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim())
markdown.disable(['image'])

// links open normally but never get an opener handle
const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options))
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index].attrSet('rel', 'noopener noreferrer')
  return defaultLinkOpen(tokens, index, options, env, self)
}

/**
 * Rendered HTML of recent sources: a thread page renders the same posts for every
 * reader. Keyed by the source text itself, so an edit is a new key. The cache is bounded
 * by size, not by entries (5 000 posts of 20 000 characters would be gigabytes): source
 * and HTML count two bytes a character, the least recently used go first once the total
 * passes `MARKDOWN_CACHE_BYTES`, and a text too large for an eighth of it is not kept.
 */
export const MARKDOWN_CACHE_BYTES = 16 * 1024 * 1024
const rendered = new Map<string, string>()
let cachedBytes = 0

const sizeOf = (source: string, html: string) => 2 * (source.length + html.length)

export function renderMarkdown(source: string) {
  const text = source ?? ''
  const cached = rendered.get(text)
  if (cached !== undefined) {
    // most recently used last
    rendered.delete(text)
    rendered.set(text, cached)
    return cached
  }
  const html = markdown.render(text)
  const size = sizeOf(text, html)
  if (size > MARKDOWN_CACHE_BYTES / 8) return html
  while (cachedBytes + size > MARKDOWN_CACHE_BYTES) {
    const [oldest, oldHtml] = rendered.entries().next().value!
    rendered.delete(oldest)
    cachedBytes -= sizeOf(oldest, oldHtml)
  }
  rendered.set(text, html)
  cachedBytes += size
  return html
}

/** What the cache holds now (for tests and diagnostics). */
export function markdownCacheSize() {
  return { entries: rendered.size, bytes: cachedBytes }
}
