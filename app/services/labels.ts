/**
 * The one label function: a code as the words a person reads, in their language
 * (app/domain/labels.ts names the sets). A code with no label is shown as it is rather
 * than failing — the page test (tests/functional/labels.spec.ts) finds those.
 */
import i18nManager from '@adonisjs/i18n/services/main'
import type { I18n } from '@adonisjs/i18n'
import { CODED_FIELDS, labelKey, type LabelSet } from '#domain/labels'
import { ago } from '#domain/relative_time'
import { formatDateTime } from '#domain/formatting'
import { clock } from '#services/clock'
import { DELIVERY_FAILURE_CODES } from '#domain/deliveries'

type Translator = Pick<I18n, 't' | 'hasMessage' | 'hasFallbackMessage'>

function translatorFor(i18n?: Translator | string | null): Translator {
  return typeof i18n === 'object' && i18n !== null ? i18n : i18nManager.locale(i18n || 'sv')
}

/** The label of a code (Swedish unless a request's i18n or a locale is given). */
export function label(set: LabelSet, code: string | null | undefined, i18n?: Translator | string) {
  if (code === null || code === undefined || code === '') return '–'
  const translator = translatorFor(i18n)
  const key = labelKey(set, code)
  return translator.hasMessage(key) || translator.hasFallbackMessage(key) ? translator.t(key) : code
}

/** An audit entry's changes, one per line: "Typ: – → Förvaltning". */
export function formatChanges(
  changes: Record<string, { from: unknown; to: unknown }> | null | undefined,
  i18n?: Translator | string
) {
  const shown = (field: string, value: unknown) => {
    if (value === null || value === undefined || value === '') return '–'
    if (typeof value === 'boolean') return label('auditField', value ? 'yes' : 'no', i18n)
    const set = CODED_FIELDS[field]
    return set ? label(set, String(value), i18n) : String(value)
  }
  return Object.entries(changes ?? {})
    .map(
      ([field, { from, to }]) =>
        `${label('auditField', field, i18n)}: ${shown(field, from)} → ${shown(field, to)}`
    )
    .join('\n')
}

/** "för 3 h sedan" in the reader's language (app/domain/relative_time.ts); a week or older: the date. */
export function relativeTime(value: Date | string, i18n?: Translator | string, now = clock.now()) {
  const then = value instanceof Date ? value : new Date(value)
  const shown = ago(then, now)
  if (shown.unit === 'date') return formatDateTime(then).slice(0, 10)
  return translatorFor(i18n).t(`forum.ago.${shown.unit}`, { count: shown.count })
}

/**
 * A delivery's failure reason in the reader's language: a code of the app's own failures,
 * or — rows stored before the codes — the Swedish sentence of one; else the text as it is.
 * A telephony contact reads that e-mail is not set up, not the server's variable name.
 */
export function deliveryFailureText(
  stored: string | null | undefined,
  i18n?: Translator | string,
  reader: { isContact?: boolean } = {}
) {
  if (!stored) return '–'
  const swedish = i18nManager.locale('sv')
  const code = DELIVERY_FAILURE_CODES.find(
    (candidate) => candidate === stored || swedish.t(`deliveries.errors.${candidate}`) === stored
  )
  if (!code) return stored
  const key = code === 'mailOff' && reader.isContact ? 'mailOffContact' : code
  return translatorFor(i18n).t(`deliveries.errors.${key}`)
}
