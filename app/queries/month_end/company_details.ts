/**
 * Warnings on an allocation for companies that cannot get a lawful invoice yet (DOMAIN.md
 * "Who is invoiced"): a company with a share in the period that lacks its organisation
 * number, postal address or invoice e-mail, and the issuer's missing VAT number. Computed
 * from the register as it is now — completing the organisation clears the warning without
 * a new calculation — and kept as codes with parameters, worded by i18n when shown.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { missingCompanyDetails, parseVatNumber, type CodedWarning } from '#domain/company_invoice'

export async function companyDetailWarnings(
  period: string,
  client: QueryClientContract = db.connection()
): Promise<CodedWarning[]> {
  const companies = await client
    .from('organisations as o')
    .where('o.kind', 'bolag')
    .whereExists((sub) =>
      sub
        .from('allocation_shares as s')
        .join('allocations as a', 'a.id', 's.allocation_id')
        .where('a.period', period)
        .whereRaw('s.organisation_id = o.id')
        .whereNot('s.amount_ore', 0)
    )
    .orderBy('o.code')
    .select(
      'o.code',
      'o.kind',
      'o.org_number',
      'o.postal_street',
      'o.postal_code',
      'o.postal_town',
      'o.invoice_email'
    )
  const warnings: CodedWarning[] = []
  if (companies.length > 0) {
    const setting = await client.from('settings').where('key', 'issuer_vat_number').first()
    if (!setting || !parseVatNumber(setting.value ?? '').ok)
      warnings.push({ code: 'issuerVatNumberMissing', params: {} })
  }
  for (const company of companies) {
    const missing = missingCompanyDetails({
      kind: company.kind,
      orgNumber: company.org_number,
      postalStreet: company.postal_street,
      postalCode: company.postal_code,
      postalTown: company.postal_town,
      invoiceEmail: company.invoice_email,
    })
    if (missing.length > 0)
      warnings.push({
        code: 'companyDetailsMissing',
        params: { organisation: company.code, missing },
      })
  }
  return warnings
}

/** One list formatter per locale (creating one per warning was a visible share of the period page). */
const listFormats = new Map<string, Intl.ListFormat>()
function listFormat(locale: string) {
  let format = listFormats.get(locale)
  if (!format) {
    format = new Intl.ListFormat(locale, { type: 'conjunction' })
    listFormats.set(locale, format)
  }
  return format
}

/** A coded warning in words: `translate` is i18n's `t` (the reader's or the default language). */
export function renderWarning(
  warning: CodedWarning,
  translate: (key: string, data?: Record<string, unknown>) => string
) {
  const params: Record<string, unknown> = { ...warning.params }
  if (Array.isArray(warning.params.missing)) {
    const words = warning.params.missing.map((key) => translate(`companyInvoices.missing.${key}`))
    params.missing = listFormat(translate('companyInvoices.listLocale')).format(words)
  }
  return translate(`companyInvoices.warnings.${warning.code}`, params)
}
