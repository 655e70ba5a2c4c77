/*
|--------------------------------------------------------------------------
| Edge globals: Swedish formatting helpers for templates
|--------------------------------------------------------------------------
*/
import edge from 'edge.js'
import { DateTime } from 'luxon'
import {
  formatDateTime,
  formatDecimal,
  formatInteger,
  formatMonth,
  formatOre,
  formatPercent,
  formatSeconds,
  formatPermilleChange,
  formatBasisPoints,
} from '#domain/formatting'
import { navigationFor } from '#services/navigation'
import { deliveryFailureText, formatChanges, label, relativeTime } from '#services/labels'
import { initials } from '#domain/relative_time'
import { completeEdgeCache } from '#services/edge_cache'
import { inReaderLanguage } from '#services/messages'
import type { StoredMessage } from '#domain/coded_message'
import type { I18n } from '@adonisjs/i18n'

edge.global('formatOre', formatOre)
edge.global('formatInteger', formatInteger)
edge.global('formatDecimal', formatDecimal)
edge.global('formatPercent', formatPercent)
edge.global('formatSeconds', formatSeconds)
edge.global('formatMonth', formatMonth)
// issue 17: the change of a fee against this year (tenths of a percent)
edge.global('formatPermilleChange', formatPermilleChange)
edge.global('formatBasisPoints', formatBasisPoints)
edge.global('formatDateTime', (value: DateTime | Date | string | null) =>
  formatDateTime(value instanceof DateTime ? value.toJSDate() : value)
)
edge.global('isoDate', (value: DateTime | null | undefined) => value?.toISODate() ?? '')
// codes as labels (app/services/labels.ts): templates pass the request's `i18n`
edge.global('formatChanges', formatChanges)
edge.global('label', label)
// a coded message (docs/adr/0023) in the reader's language: `codedText(message, i18n)`
edge.global('codedText', (stored: StoredMessage, i18n: I18n) => inReaderLanguage(i18n, stored))
edge.global('deliveryFailureText', deliveryFailureText)
edge.global('relativeTime', relativeTime)
edge.global('initials', initials)
edge.global('isoTimestamp', (value: Date | string) => new Date(value).toISOString())
edge.global('navigationFor', navigationFor)

// compiled partials and the component list are kept in production (see the module for why)
completeEdgeCache(edge)
