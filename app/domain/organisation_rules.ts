import type { Parsed } from '#domain/swedish_csv'

export type OrganisationKind = 'forvaltning' | 'bolag'

/** `förvaltning` (also written `forvaltning`) or `bolag`, any case. */
export function parseOrganisationKind(raw: string): Parsed<OrganisationKind> {
  const text = raw.trim().toLowerCase().replace('ö', 'o')
  if (text === 'forvaltning') return { ok: true, value: 'forvaltning' }
  if (text === 'bolag') return { ok: true, value: 'bolag' }
  if (text === '') return { ok: false, message: 'saknas (ange förvaltning eller bolag)' }
  return { ok: false, message: 'är ingen giltig typ (ange förvaltning eller bolag)' }
}
