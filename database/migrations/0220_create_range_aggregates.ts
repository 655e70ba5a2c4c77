import { BaseSchema } from '@adonisjs/lucid/schema'
import {
  aggregatedDays,
  lockAggregates,
  refreshRangeAggregates,
} from '#actions/calls/range_aggregates'
import { sqlOnLucid } from '#services/sql_runner'

/**
 * The range aggregates (issue 17, docs/adr/0032): a one-year range view read a year of
 * `call_daily` (~100 000 rows) and of `call_hourly` within opening hours (~340 000 rows)
 * and took seconds the first time after an import. Whole months now come from monthly
 * sums — all hours, within opening hours, per organisation — and only a range's partial
 * edge months from the daily rows: a year is a few thousand rows.
 *
 * The tables are filled here from the aggregates already stored (with the opening calendar
 * as it stands), by the same refresh the call import and the calendar edits run
 * (app/actions/calls/range_aggregates.ts), in this migration's transaction.
 */
export default class extends BaseSchema {
  async up() {
    const histogram = `
        entry_number varchar(20) NOT NULL,
        outcome varchar(12) NOT NULL,
        wait_bucket integer NOT NULL,
        calls integer NOT NULL,
        wait_seconds bigint NOT NULL,
        talk_seconds bigint NOT NULL,
        cost numeric(20, 4) NOT NULL`
    // a month is its first day (Stockholm calendar)
    const firstDay = (column: string) => `CHECK (${column} = date_trunc('month', ${column})::date)`
    this.schema.raw(`
      CREATE TABLE call_monthly (
        month date NOT NULL ${firstDay('month')},${histogram},
        PRIMARY KEY (month, entry_number, outcome, wait_bucket)
      )`)
    this.schema.raw(`
      CREATE TABLE call_daily_open (
        day date NOT NULL,${histogram},
        PRIMARY KEY (day, entry_number, outcome, wait_bucket)
      )`)
    this.schema.raw(`
      CREATE TABLE call_monthly_open (
        month date NOT NULL ${firstDay('month')},${histogram},
        PRIMARY KEY (month, entry_number, outcome, wait_bucket)
      )`)
    this.schema.raw(`
      CREATE TABLE call_monthly_org (
        month date NOT NULL ${firstDay('month')},
        organisation_id integer NOT NULL,
        outcome varchar(12) NOT NULL,
        calls integer NOT NULL,
        PRIMARY KEY (month, organisation_id, outcome)
      )`)
    this.defer(async (db) => {
      const run = sqlOnLucid(db)
      await lockAggregates(run)
      const span = await aggregatedDays(run)
      if (span) await refreshRangeAggregates(run, span)
    })
  }

  async down() {
    this.schema.raw('DROP TABLE call_monthly_org')
    this.schema.raw('DROP TABLE call_monthly_open')
    this.schema.raw('DROP TABLE call_daily_open')
    this.schema.raw('DROP TABLE call_monthly')
  }
}
