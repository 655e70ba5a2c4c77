/**
 * The guard of an extensions snapshot that nobody watches being read (issue 16 point 9,
 * attack pass 2026-12-03; README "Supplier files that arrive by themselves"): a snapshot
 * ends every extension of its scope that is missing from the file, so a one-organisation
 * file read as a city-wide snapshot ends the rest of the register. A snapshot from the drop
 * folder or the import API — and an upload whose person has not confirmed it — is refused,
 * with nothing changed, when it would
 *
 * - end more than `ENDING_SHARE` (10 %) of the extensions active at its date in its scope,
 *   and more than `ENDING_MIN` (10) of them (a small organisation's weekly changes pass); or
 * - leave without any extension an organisation that is active at that date and has active
 *   extensions (a city-wide file that lacks an organisation altogether).
 */
import { formatInteger } from '#domain/formatting'

export const ENDING_SHARE = 0.1
export const ENDING_MIN = 10

export interface SnapshotEnding {
  /** extensions active at the snapshot's date in its scope */
  active: number
  /** of those, the ones missing from the file (they would end the day before) */
  ending: number
  /** organisations active at the date with active extensions and no row in the file */
  emptied: { code: string; count: number }[]
}

export function isTooMuchEnding(ending: SnapshotEnding) {
  return (
    ending.emptied.length > 0 ||
    (ending.ending > ending.active * ENDING_SHARE && ending.ending > ENDING_MIN)
  )
}

/**
 * The refusal of a snapshot that would end too much (null when it may be read): how many
 * would end, which organisations would be left empty, and how to read it anyway.
 * `confirmable`: the upload page, whose person may confirm it there.
 */
export function endingRefusal(
  ending: SnapshotEnding,
  dayBefore: string,
  confirmable: boolean
): string | null {
  if (!isTooMuchEnding(ending)) return null
  const share = ending.active > 0 ? Math.round((ending.ending / ending.active) * 100) : 0
  const parts = [
    `Ögonblicksbilden skulle avsluta ${formatInteger(ending.ending)} av ${formatInteger(ending.active)} ` +
      `aktiva anknytningar (${share} %) per ${dayBefore}; ingenting ändrades.`,
  ]
  if (ending.emptied.length > 0) {
    const named = ending.emptied
      .slice(0, 10)
      .map((org) => `${org.code} (${formatInteger(org.count)})`)
      .join(', ')
    const more = ending.emptied.length > 10 ? ` och ${ending.emptied.length - 10} till` : ''
    parts.push(`Filen har inga rader för ${named}${more}, som alla skulle avslutas.`)
  }
  parts.push(
    confirmable
      ? 'Gäller filen bara en organisation: välj den under Omfattning. Ska anknytningarna verkligen avslutas: kryssa i bekräftelsen och ladda upp filen igen.'
      : 'Gäller filen bara en organisation: skicka den med organisationCode (eller läs in den för organisationen på sidan Importera anknytningar). Ska anknytningarna verkligen avslutas: ladda upp filen på sidan Importera anknytningar och bekräfta det där.'
  )
  return parts.join(' ')
}
