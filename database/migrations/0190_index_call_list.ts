import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Issue 17 point 5 (BENCHMARKS.md "Calls behind the figures"): the call list reads a page
 * of calls newest first within a range. With only the BRIN on `started_at` every page read
 * the whole month and sorted it (its cost grew with the month: 1 M calls a month would be
 * far over the target); a B-tree on (started_at, call_id) — the list's order, read
 * backwards — stops after the page's rows. A contact's list (their organisation's
 * transferred calls) gets its own, partial, index in the same order.
 *
 * Built CONCURRENTLY (outside a transaction) so that an installation with years of calls
 * keeps importing while the indexes are built.
 */
export default class extends BaseSchema {
  static disableTransactions = true

  async up() {
    this.schema.raw(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS call_records_started_at_call_id_index
         ON call_records (started_at, call_id)`
    )
    this.schema.raw(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS call_records_organisation_started_at_index
         ON call_records (organisation_id, started_at, call_id)
         WHERE organisation_id IS NOT NULL`
    )
  }

  async down() {
    this.schema.raw('DROP INDEX CONCURRENTLY IF EXISTS call_records_organisation_started_at_index')
    this.schema.raw('DROP INDEX CONCURRENTLY IF EXISTS call_records_started_at_call_id_index')
  }
}
