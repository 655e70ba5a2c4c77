import type { HttpContext } from '@adonisjs/core/http'
import { search } from '#queries/search/search'

/** Sök: one box over routines, forum posts and network meetings, only what the user may see. */
export default class SearchController {
  async index({ request, view, auth, bouncer }: HttpContext) {
    await bouncer.authorize('useApp')
    const query = String(request.input('q', '')).trim().slice(0, 200)
    const hits = query ? await search(query, auth.getUserOrFail()) : []
    return view.render('pages/search/index', { searchQuery: query, hits })
  }
}
