/**
 * The SQL of "valid on day D" (app/domain/validity.ts): `valid_from ≤ D` and (`valid_to` is
 * empty or `valid_to ≥ D`). `table` is the alias of a table with `valid_from`/`valid_to`
 * date columns; `day` a SQL expression of type date — a placeholder such as `?::date` or
 * `:asOf`, or a column. The one SQL home of the rule; tests/functional/validity.spec.ts
 * checks it against the TypeScript predicate.
 */
export function validOnSql(table: string, day: string) {
  return `${table}.valid_from <= ${day} AND (${table}.valid_to IS NULL OR ${table}.valid_to >= ${day})`
}
