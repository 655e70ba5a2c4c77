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
  markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options))
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index].attrSet('rel', 'noopener noreferrer')
  return defaultLinkOpen(tokens, index, options, env, self)
}

/**
 * Rendered HTML of recent sources: a thread page renders the same posts for every
 * reader. Keyed by the source text itself, so an edit is a new key; the oldest entry
 * goes first once the cache is full.
 */
const CACHE_SIZE = 5000
const rendered = new Map<string, string>()

export function renderMarkdown(source: string) {
  const text = source ?? ''
  const cached = rendered.get(text)
  if (cached !== undefined) return cached
  const html = markdown.render(text)
  if (rendered.size >= CACHE_SIZE) rendered.delete(rendered.keys().next().value!)
  rendered.set(text, html)
  return html
}
