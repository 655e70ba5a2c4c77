/**
 * "för 3 h sedan": how long ago something happened, in the largest whole unit, as a
 * message key and a count (texts in resources/lang/{sv,en}/forum.json `ago.*`). Older
 * than a week it is the date itself (`date`), which the page writes out.
 */
export type Ago = { unit: 'now' | 'minutes' | 'hours' | 'days' | 'date'; count: number }

export function ago(then: Date, now: Date): Ago {
  const seconds = Math.floor((now.getTime() - then.getTime()) / 1000)
  if (seconds < 60) return { unit: 'now', count: 0 }
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return { unit: 'minutes', count: minutes }
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return { unit: 'hours', count: hours }
  const days = Math.floor(hours / 24)
  if (days < 7) return { unit: 'days', count: days }
  return { unit: 'date', count: 0 }
}

/** Up to two initials of a name, for an avatar: "Anna-Karin Berg" → "AB". */
export function initials(name: string | null | undefined) {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return '?'
  const first = words[0][0]
  const last = words.length > 1 ? words[words.length - 1][0] : ''
  return (first + last).toLocaleUpperCase('sv-SE')
}
