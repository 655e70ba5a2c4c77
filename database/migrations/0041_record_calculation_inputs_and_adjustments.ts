import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The control loop (issue 13, docs/adr/0015):
 *
 * - Every calculation records the inputs it used (`inputs`: key → version and who/when);
 *   a draft or approval whose inputs have changed since is stale.
 * - An invoiced period remembers the inputs it is settled at (`settled_inputs`): those
 *   of its invoiced calculation, later those of the recomputation an adjustment settled.
 * - Adjustments: a later period's calculation carries, per adjusted period and pool, the
 *   difference between the recomputed shares and the settled ones, per organisation,
 *   with the changed inputs that caused it. They are settled when that later period is
 *   invoiced (its invoices carry them as lines naming the adjusted period).
 * - Imports that feed an invoiced period are late: `late_periods` names those periods.
 * - Cost entries are never deleted by a replacing file: they are marked replaced.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TABLE allocation_calculations ADD COLUMN inputs jsonb`)
    this.schema.raw(`ALTER TABLE periods ADD COLUMN settled_inputs jsonb`)
    this.schema.raw(
      `ALTER TABLE imports ADD COLUMN late_periods varchar(7)[] NOT NULL DEFAULT '{}'`
    )
    this.schema.raw(`CREATE INDEX imports_late_periods_index ON imports USING gin (late_periods)`)
    this.schema.raw(`
      ALTER TABLE cost_entries
        ADD COLUMN replaced_at timestamptz,
        ADD COLUMN replaced_by_import_id bigint REFERENCES imports (id) ON DELETE SET NULL`)
    this.schema.raw(`
      CREATE TABLE period_recomputations (
        calculation_id bigint NOT NULL REFERENCES allocation_calculations (id) ON DELETE CASCADE,
        adjusted_period varchar(7) NOT NULL REFERENCES periods (period),
        inputs jsonb NOT NULL,
        changes jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (calculation_id, adjusted_period)
      )`)
    this.schema.raw(`
      CREATE TABLE allocation_adjustments (
        id bigserial PRIMARY KEY,
        calculation_id bigint NOT NULL REFERENCES allocation_calculations (id) ON DELETE CASCADE,
        period varchar(7) NOT NULL REFERENCES periods (period),
        adjusted_period varchar(7) NOT NULL REFERENCES periods (period),
        cost_pool_id integer NOT NULL REFERENCES cost_pools (id),
        settled_total_ore bigint NOT NULL,
        recomputed_total_ore bigint NOT NULL,
        amount_ore bigint NOT NULL,
        CHECK (amount_ore = recomputed_total_ore - settled_total_ore),
        CHECK (adjusted_period < period),
        UNIQUE (calculation_id, adjusted_period, cost_pool_id)
      )`)
    this.schema.raw(
      'CREATE INDEX allocation_adjustments_adjusted_index ON allocation_adjustments (adjusted_period, cost_pool_id)'
    )
    this.schema.raw(`
      CREATE TABLE allocation_adjustment_shares (
        adjustment_id bigint NOT NULL REFERENCES allocation_adjustments (id) ON DELETE CASCADE,
        organisation_id integer NOT NULL REFERENCES organisations (id),
        weight bigint NOT NULL CHECK (weight >= 0),
        settled_ore bigint NOT NULL,
        recomputed_ore bigint NOT NULL,
        amount_ore bigint NOT NULL,
        CHECK (amount_ore = recomputed_ore - settled_ore),
        PRIMARY KEY (adjustment_id, organisation_id)
      )`)
    this.schema.raw(`ALTER TABLE invoice_lines ADD COLUMN adjusted_period varchar(7)`)
  }

  async down() {
    this.schema.raw('ALTER TABLE invoice_lines DROP COLUMN adjusted_period')
    this.schema.raw(
      'DROP TABLE allocation_adjustment_shares, allocation_adjustments, period_recomputations'
    )
    this.schema.raw(
      'ALTER TABLE cost_entries DROP COLUMN replaced_by_import_id, DROP COLUMN replaced_at'
    )
    this.schema.raw('ALTER TABLE imports DROP COLUMN late_periods')
    this.schema.raw('ALTER TABLE periods DROP COLUMN settled_inputs')
    this.schema.raw('ALTER TABLE allocation_calculations DROP COLUMN inputs')
  }
}
