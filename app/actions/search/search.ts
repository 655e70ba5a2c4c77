/**
 * The search is a read: app/queries/search/search.ts, with its pure rules in
 * app/domain/search_terms.ts. This file re-exports them for older imports.
 */
export { search, type SearchHit } from '#queries/search/search'
export { MAX_RESULTS, queryWords, compoundTsquery, snippetHtml } from '#domain/search_terms'
