import db from '@adonisjs/lucid/services/db'

const COLUMNS = [
  'a.id',
  'a.kind',
  'a.title',
  'a.body',
  db.raw(`to_char(a.valid_from, 'YYYY-MM-DD') AS valid_from`),
  db.raw(`to_char(a.valid_to, 'YYYY-MM-DD') AS valid_to`),
  'a.created_at',
  'a.withdrawn_at',
  'u.full_name as created_by_name',
]

/** The announcements shown today (Stockholm), soonest first. */
export function currentAnnouncements(today: string) {
  return db
    .from('announcements as a')
    .leftJoin('users as u', 'u.id', 'a.created_by')
    .whereNull('a.withdrawn_at')
    .where('a.valid_from', '<=', today)
    .where('a.valid_to', '>=', today)
    .orderBy([{ column: 'a.valid_from' }, { column: 'a.id' }])
    .select(COLUMNS)
}

/** Everything not yet over (today's and coming), and for the coordinator the last 50 others. */
export async function announcementList(today: string, everything: boolean) {
  const coming = await db
    .from('announcements as a')
    .leftJoin('users as u', 'u.id', 'a.created_by')
    .whereNull('a.withdrawn_at')
    .where('a.valid_to', '>=', today)
    .orderBy([{ column: 'a.valid_from' }, { column: 'a.id' }])
    .select(COLUMNS)
  const past = everything
    ? await db
        .from('announcements as a')
        .leftJoin('users as u', 'u.id', 'a.created_by')
        .where((q) => q.whereNotNull('a.withdrawn_at').orWhere('a.valid_to', '<', today))
        .orderBy('a.valid_to', 'desc')
        .limit(50)
        .select(COLUMNS)
    : []
  return { coming, past }
}
