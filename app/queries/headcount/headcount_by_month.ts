import db from '@adonisjs/lucid/services/db'

/** Headcount figures of a month, per organisation. */
export function headcountForMonth(month: string, organisationId?: number | null) {
  const query = db
    .from('headcounts as h')
    .join('organisations as o', 'o.id', 'h.organisation_id')
    .where('h.month', month)
    .select('o.id', 'o.code', 'o.name', 'o.kind', 'h.employees', 'h.import_id')
    .orderBy('o.code')
  if (organisationId) query.where('o.id', organisationId)
  return query
}

/**
 * Administrations (the ETJANST participants) active during the month that lack a figure
 * for it — the allocation counts them as 0 and warns.
 */
export function missingHeadcount(month: string) {
  const first = `${month}-01`
  return db
    .from('organisations as o')
    .where('o.kind', 'forvaltning')
    .whereRaw(`o.active_from <= (?::date + interval '1 month' - interval '1 day')`, [first])
    .whereRaw('(o.active_to IS NULL OR o.active_to >= ?::date)', [first])
    .whereNotExists((q) =>
      q.from('headcounts as h').whereRaw('h.organisation_id = o.id').where('h.month', month)
    )
    .select('o.id', 'o.code', 'o.name')
    .orderBy('o.code')
}

/** The months that have any figures, newest first (for the month picker). */
export async function headcountMonths() {
  const rows = await db.from('headcounts').distinct('month').orderBy('month', 'desc')
  return rows.map((row) => row.month as string)
}

/** One organisation's figures over time. */
export function headcountHistory(organisationId: number) {
  return db
    .from('headcounts')
    .where('organisation_id', organisationId)
    .orderBy('month', 'desc')
    .select('month', 'employees')
}
