/**
 * What is wrong with a date, for every date field of the app (one rule, not per form): a
 * browser's date field sends an impossible date as an empty string, so "måste fyllas i" told
 * someone who had typed 30 February that they had typed nothing. For a date field:
 *
 * - empty or missing → "{field}: ange ett datum (ÅÅÅÅ-MM-DD)"
 * - `ÅÅÅÅ-MM-DD` that the calendar lacks (2026-02-30, 2026-13-01) → "{field}: datumet finns
 *   inte: 2026-02-30"
 * - anything else → "{field}: ange datumet som ÅÅÅÅ-MM-DD"
 *
 * The date fields are read from the validators themselves: every field of a `vine.date()`
 * type, or a string checked by the `calendarDate` rule, in any validator in app/validators.
 * Other messages are the i18n provider's (`validator.shared.messages`).
 */
import { readdir } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'
import type { I18n } from '@adonisjs/i18n'
import { calendarDate } from '#validators/calendar_date'

/** The rules a date field fails: missing, not a date (vine.date), not a calendar date, or a date pattern. */
const DATE_RULES = new Set(['required', 'date', 'calendarDate', 'regex'])
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/

const calendarDateRule = calendarDate().rule.validator

/** The paths (`name`, `rows.*.name`) of the date fields in one compiled schema. */
export function dateFieldsOf(compiled: { schema: any; refs: Record<string, any> }) {
  const found = new Set<string>()
  const walk = (node: any, path: string) => {
    if (!node || typeof node !== 'object') return
    const here = node.fieldName ? (path ? `${path}.${node.fieldName}` : node.fieldName) : path
    if (node.type === 'literal') {
      const checked = (node.validations ?? []).some(
        (validation: any) => compiled.refs[validation.ruleFnId]?.validator === calendarDateRule
      )
      if (node.subtype === 'date' || checked) found.add(here)
    }
    for (const property of node.properties ?? []) walk(property, here)
    for (const group of node.groups ?? [])
      for (const condition of group.conditions ?? []) walk(condition.schema, here)
    for (const condition of node.conditions ?? []) walk(condition.schema, here)
    if (node.each) walk(node.each, here ? `${here}.*` : '*')
    if (node.schema) walk(node.schema, here)
  }
  walk(compiled.schema, '')
  return found
}

let appDateFields: Promise<Set<string>> | null = null

/** The date fields of every validator in app/validators, read once. */
export function dateFieldsOfApp() {
  appDateFields ??= (async () => {
    const found = new Set<string>()
    const folder = app.makePath('app/validators')
    for (const file of await readdir(folder)) {
      if (!/\.(ts|js)$/.test(file) || file.endsWith('.d.ts')) continue
      const module = await import(`#validators/${file.replace(/\.(ts|js)$/, '')}`)
      for (const value of Object.values(module)) {
        const toJSON = (value as any)?.toJSON
        if (typeof toJSON !== 'function') continue
        const compiled = toJSON.call(value)
        if (compiled?.schema && compiled.refs)
          for (const path of dateFieldsOf(compiled)) found.add(path)
      }
    }
    return found
  })()
  return appDateFields
}

/**
 * The shared i18n messages provider, where a form may name a field its own way: a field name
 * under `validator.<resource>.fields` (the resource is the route name's first part, e.g.
 * `extension_orders` for `extension_orders.store`) wins over `validator.shared.fields`, so the
 * order form's `kind` reads "Åtgärd" as its label does while an organisation's stays "Typ".
 */
export function formMessagesProvider(i18n: I18n, routeName?: string) {
  const provider = i18n.createMessagesProvider()
  const resource = routeName?.split('.')[0]
  if (!resource || resource === 'shared') return provider
  const shared = provider.translateField.bind(provider)
  provider.translateField = (name: string) => {
    const own = i18n.resolveIdentifier(`validator.${resource}.fields.${name}`)
    return own ? i18n.formatRawMessage(own.message) : shared(name)
  }
  return provider
}

/** The i18n messages provider, with the date rule above for the date fields. */
export class DateMessagesProvider implements MessagesProviderContact {
  constructor(
    private inner: MessagesProviderContact & { translateField?(name: string): string | number },
    private i18n: I18n,
    private dateFields: Set<string>
  ) {}

  getMessage(defaultMessage: string, rule: string, field: FieldContext, meta?: any) {
    if (!DATE_RULES.has(rule) || !this.dateFields.has(field.wildCardPath))
      return this.inner.getMessage(defaultMessage, rule, field, meta)
    const value = typeof field.value === 'string' ? field.value.trim() : field.value
    const label = this.inner.translateField?.(String(field.name)) ?? field.name
    if (value === undefined || value === null || value === '')
      return this.i18n.t('validator.shared.messages.dateMissing', { field: label })
    if (typeof value === 'string' && DATE_SHAPE.test(value))
      return this.i18n.t('validator.shared.messages.dateNotInCalendar', { field: label, value })
    return this.i18n.t('validator.shared.messages.dateFormat', { field: label })
  }
}
