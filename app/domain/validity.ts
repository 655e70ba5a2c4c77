/**
 * Effective dating (DOMAIN.md, the extensions register): a row is valid on day D when
 * `valid_from ≤ D` and (`valid_to` is empty or `valid_to ≥ D`) — both ends inclusive, an
 * empty end open. The one TypeScript home of the rule; its SQL twin is
 * `validOnSql` in app/queries/validity.ts, and tests/functional/validity.spec.ts runs both
 * over the same cases.
 */
export function isValidOn(validFrom: string, validTo: string | null, day: string) {
  return validFrom <= day && (validTo === null || validTo >= day)
}
