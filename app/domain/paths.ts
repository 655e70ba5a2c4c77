import { hasControlCharacter } from '#domain/plain_text'

/**
 * Paths to pages, for links stored in notifications and written into forum posts. They
 * are built here, not with the router, because commands (demo data, the notification
 * sweep run from cron) do not load the routes. Keep them in step with start/routes.ts
 * (tests/unit/paths.spec.ts checks that they match).
 */
export const paths = {
  routine: (id: number) => `/rutiner/${id}`,
  meeting: (id: number) => `/natverkstraffar/${id}`,
  meetings: () => '/natverkstraffar',
  // the organisations without an avstämning, on the meetings page (docs/adr/0031)
  overdueReviews: () => '/natverkstraffar?typ=review#avstamning-saknas',
  deviation: (id: number) => `/avvikelser/${id}`,
  feedback: (id: number) => `/aterkoppling/${id}`,
  extensionOrder: (id: number) => `/anknytningar/bestallningar/${id}`,
  extensionOrders: (status?: string) =>
    `/anknytningar/bestallningar${status ? `?status=${status}` : ''}`,
  password: () => '/konto/losenord',
  announcements: () => '/driftmeddelanden',
  // supplier files that arrive by themselves (docs/adr/0028 §2)
  imports: () => '/administration/importer',
  importRecord: (id: number) => `/administration/importer/${id}`,
  // a thread is shown a page at a time: `?inlagg=` opens the page that holds the post
  thread: (id: number, postId?: number) =>
    `/forum/${id}${postId ? `?inlagg=${postId}#inlagg-${postId}` : ''}`,
}

/**
 * Whether a path to redirect to stays in this application: `/…`, never `//host`, `/\host`
 * (browsers read both as another site), a scheme, white space or a control character
 * (a NUL or a bidi override cannot go into a Location header).
 */
export function isPathInApp(path: unknown): path is string {
  return (
    typeof path === 'string' &&
    /^\/(?![/\\])[^\s\\]*$/.test(path) &&
    !hasControlCharacter(path) &&
    path.length <= 2000
  )
}
