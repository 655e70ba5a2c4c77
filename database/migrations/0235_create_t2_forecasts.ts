import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Issue 17 point 3, docs/adr/0029 §3: the T2 forecast as it was reported, frozen when the
 * year's August is locked (issued) — in the same transaction — so the forecast accuracy of
 * the annual report is judged against it, not against a forecast recomputed after the method
 * or a September–December budget changed. One row per year (the first locking of August
 * wins; nothing overwrites it) and one line per cost pool: the forecast in öre, its basis
 * (the actual of the January–August months closed then + the rest by the method used) and
 * the method in force. The year's total is derived from the lines in that transaction.
 * `period` names the August whose locking froze it; it is not a foreign key to `periods`,
 * since a year carried over from before the app's months (the demo's last year) has no row.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE t2_forecasts (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        period varchar(7) NOT NULL,
        forecast_ore bigint NOT NULL,
        frozen_at timestamptz NOT NULL DEFAULT now(),
        frozen_by integer REFERENCES users (id) ON DELETE SET NULL,
        CHECK (period = year::text || '-08')
      )`)
    this.schema.raw(`
      CREATE TABLE t2_forecast_pools (
        year integer NOT NULL REFERENCES t2_forecasts (year) ON DELETE CASCADE,
        cost_pool_id integer NOT NULL REFERENCES cost_pools (id) ON DELETE CASCADE,
        method varchar(12) NOT NULL CHECK (method IN ('budget', 'run_rate')),
        method_used varchar(12) NOT NULL CHECK (method_used IN ('budget', 'run_rate')),
        actual_months smallint NOT NULL CHECK (actual_months BETWEEN 0 AND 8),
        actual_ore bigint NOT NULL,
        rest_ore bigint NOT NULL,
        forecast_ore bigint NOT NULL,
        CHECK (forecast_ore = actual_ore + rest_ore),
        PRIMARY KEY (year, cost_pool_id)
      )`)
  }

  async down() {
    this.schema.raw('DROP TABLE t2_forecast_pools')
    this.schema.raw('DROP TABLE t2_forecasts')
  }
}
