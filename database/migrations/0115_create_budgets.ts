import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Issue 17 points 1–2 (docs/adr/0029): the budget per cost pool, year and month (integer
 * öre), the forecast method chosen per pool and year, and the year-end true-up of a
 * fixed-amount pool once the coordinator has decided it (accepted or waived). An accepted
 * true-up is an input of the pool's December period: the control loop adjusts it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE budgets (
        cost_pool_id integer NOT NULL REFERENCES cost_pools (id) ON DELETE CASCADE,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        month smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
        amount_ore bigint NOT NULL CHECK (amount_ore BETWEEN 0 AND 100000000000000),
        import_id integer REFERENCES imports (id) ON DELETE SET NULL,
        updated_by integer REFERENCES users (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cost_pool_id, year, month)
      )`)
    this.schema.raw(`
      CREATE TABLE forecast_methods (
        cost_pool_id integer NOT NULL REFERENCES cost_pools (id) ON DELETE CASCADE,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        method varchar(12) NOT NULL CHECK (method IN ('budget', 'run_rate')),
        updated_by integer REFERENCES users (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cost_pool_id, year)
      )`)
    this.schema.raw(`
      CREATE TABLE true_ups (
        cost_pool_id integer NOT NULL REFERENCES cost_pools (id) ON DELETE CASCADE,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        charged_ore bigint NOT NULL,
        actual_ore bigint NOT NULL,
        amount_ore bigint NOT NULL,
        status varchar(10) NOT NULL CHECK (status IN ('accepted', 'waived')),
        comment varchar(1000) NOT NULL DEFAULT '',
        decided_by integer REFERENCES users (id) ON DELETE SET NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        CHECK (amount_ore = actual_ore - charged_ore),
        PRIMARY KEY (cost_pool_id, year)
      )`)
  }

  async down() {
    this.schema.raw('DROP TABLE true_ups')
    this.schema.raw('DROP TABLE forecast_methods')
    this.schema.raw('DROP TABLE budgets')
  }
}
