import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Two things a failing machine or a changed draft could leave wrong (docs/adr/0013):
 *
 * - Jobs get a lease: the worker that claims a job holds it until `lease_until` and
 *   renews it with a heartbeat; `lease_token` is new at every claim, so a worker that lost
 *   its lease can neither renew it nor finish the job. A lapsed lease is taken back by
 *   any running instance (retried, or failed after `max_attempts`).
 * - Every successful allocation run is a calculation with an id of its own. The period
 *   names its current calculation; an approval names the calculation it approved.
 *   Periods left as empty drafts by failed runs of old have no calculation and cannot be
 *   approved.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE jobs
        ADD COLUMN lease_token uuid,
        ADD COLUMN lease_until timestamptz,
        ADD COLUMN heartbeat_at timestamptz,
        ADD COLUMN max_attempts integer NOT NULL DEFAULT 1 CHECK (max_attempts >= 1)`)
    this.schema.raw(
      `CREATE INDEX jobs_running_lease_index ON jobs (lease_until) WHERE status = 'running'`
    )
    // jobs already "running" have no owner that could renew them: their lease has lapsed
    this.schema.raw(
      `UPDATE jobs SET lease_until = coalesce(started_at, created_at) WHERE status = 'running'`
    )

    this.schema.raw(`
      CREATE TABLE allocation_calculations (
        id bigserial PRIMARY KEY,
        period varchar(7) NOT NULL REFERENCES periods (period) ON DELETE CASCADE,
        calculated_at timestamptz NOT NULL DEFAULT now(),
        calculated_by integer REFERENCES users (id),
        pool_count integer NOT NULL CHECK (pool_count >= 0),
        total_ore bigint NOT NULL
      )`)
    this.schema.raw(
      'CREATE INDEX allocation_calculations_period_index ON allocation_calculations (period, id)'
    )
    this.schema.raw(`
      ALTER TABLE periods
        ADD COLUMN calculation_id bigint REFERENCES allocation_calculations (id),
        ADD COLUMN approved_calculation_id bigint REFERENCES allocation_calculations (id)`)
    this.schema.raw(
      'ALTER TABLE allocations ADD COLUMN calculation_id bigint REFERENCES allocation_calculations (id)'
    )
    // what was calculated before: one calculation per period that has an allocation
    this.schema.raw(`
      INSERT INTO allocation_calculations (period, calculated_at, calculated_by, pool_count, total_ore)
      SELECT p.period, p.calculated_at, p.calculated_by, count(a.id), coalesce(sum(a.amount_ore), 0)
        FROM periods p JOIN allocations a ON a.period = p.period
       GROUP BY p.period, p.calculated_at, p.calculated_by`)
    this.schema.raw(`
      UPDATE periods p SET calculation_id = c.id,
             approved_calculation_id = CASE WHEN p.status IN ('approved', 'invoiced') THEN c.id END
        FROM allocation_calculations c WHERE c.period = p.period`)
    this.schema.raw(
      'UPDATE allocations a SET calculation_id = p.calculation_id FROM periods p WHERE p.period = a.period'
    )
  }

  async down() {
    this.schema.raw('ALTER TABLE allocations DROP COLUMN calculation_id')
    this.schema.raw(
      'ALTER TABLE periods DROP COLUMN approved_calculation_id, DROP COLUMN calculation_id'
    )
    this.schema.raw('DROP TABLE allocation_calculations')
    this.schema.raw('DROP INDEX jobs_running_lease_index')
    this.schema.raw(
      'ALTER TABLE jobs DROP COLUMN max_attempts, DROP COLUMN heartbeat_at, DROP COLUMN lease_until, DROP COLUMN lease_token'
    )
  }
}
