import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The version of a calculation's inputs (docs/adr/0015, second amendment; issue 18 point 4):
 * one row whose `version` takes a new value from a sequence when a transaction that wrote
 * an input of the staleness check commits. The staleness check keeps its answer per
 * period and calculation under this version and the register's (migration 0230), so a
 * page view whose inputs did not change answers from one read instead of recomputing
 * every input (app/queries/month_end/staleness.ts).
 *
 * What bumps it: every written row of the tables the inputs are read from
 * (app/queries/month_end/calculation_inputs.ts) — the pools and their key dates, supplier
 * invoices, service credits, true-ups, cost entries, register snapshots, headcounts,
 * organisations, invoiced periods' allocations and settled inputs, a calculation's recorded
 * inputs — and of what the answer shows beside them (an import's file and user, a user's
 * name). The register's entries (`extensions`) have their own version (0230).
 *
 * The row triggers are constraint triggers, deferred to the commit: the row lock is taken
 * as the transaction commits and held only until it has, so writers of inputs never wait
 * for each other mid-transaction and cannot deadlock on the row; the first row of a
 * transaction bumps, the others find it done (a transaction-local setting). The bump
 * becomes visible with the transaction's data, in the same commit. TRUNCATE (tests) bumps
 * at once (statement triggers cannot be deferred).
 *
 * A trap for later migrations and scripts: a transaction that wrote one of these tables
 * cannot ALTER or TRUNCATE it afterwards ("pending trigger events") until it runs
 * `SET CONSTRAINTS ALL IMMEDIATE`.
 */

/** Tables every written row of which is an input: insert, update, delete. */
const WHOLE = [
  'cost_pools',
  'pool_key_dates',
  'supplier_invoices',
  'service_credits',
  'true_ups',
  'cost_entries',
  'extension_snapshots',
  'headcounts',
  'organisations',
  'allocations',
]

/** Every table with a trigger (for TRUNCATE and for down()). */
const ALL = [...WHOLE, 'periods', 'allocation_calculations', 'imports', 'users']

const DEFERRED = 'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW'
const BUMP = 'EXECUTE FUNCTION bump_calculation_input_version()'

export default class extends BaseSchema {
  async up() {
    // not owned by the table: `TRUNCATE … RESTART IDENTITY` must not restart it (as 0230)
    this.schema.raw('CREATE SEQUENCE IF NOT EXISTS calculation_input_version_seq')
    this.schema.raw(`
      CREATE TABLE calculation_input_state (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        version bigint NOT NULL
      )`)
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION bump_calculation_input_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- once per transaction: the first of its events bumps, the others find it done
        IF current_setting('vaxelnavet.calculation_inputs_bumped', true)
             IS DISTINCT FROM txid_current()::text THEN
          -- an upsert: a test that truncated every table may have removed the row
          INSERT INTO calculation_input_state (id, version)
            VALUES (1, nextval('calculation_input_version_seq'))
            ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
          PERFORM set_config('vaxelnavet.calculation_inputs_bumped', txid_current()::text, true);
        END IF;
        RETURN NULL;
      END $$`)
    for (const table of WHOLE) {
      this.schema.raw(`
        CREATE CONSTRAINT TRIGGER ${table}_calculation_inputs
          AFTER INSERT OR UPDATE OR DELETE ON ${table} ${DEFERRED} ${BUMP}`)
    }
    // periods: the invoiced periods' status and settled inputs, and which calculation is current
    // (not the warnings read, the approval's comment …)
    this.schema.raw(`
      CREATE CONSTRAINT TRIGGER periods_calculation_inputs
        AFTER INSERT OR DELETE OR UPDATE OF period, status, settled_inputs, calculation_id
        ON periods ${DEFERRED} ${BUMP}`)
    // a calculation's recorded inputs (a new calculation becomes current through periods)
    this.schema.raw(`
      CREATE CONSTRAINT TRIGGER allocation_calculations_calculation_inputs
        AFTER DELETE OR UPDATE OF inputs ON allocation_calculations ${DEFERRED} ${BUMP}`)
    // imports: what the inputs show of a file (its name, user, time), and the latest headcount
    // import — not the progress of a call import
    this.schema.raw(`
      CREATE CONSTRAINT TRIGGER imports_calculation_inputs_insert
        AFTER INSERT ON imports ${DEFERRED} WHEN (NEW.type = 'headcount') ${BUMP}`)
    this.schema.raw(`
      CREATE CONSTRAINT TRIGGER imports_calculation_inputs_update
        AFTER UPDATE ON imports ${DEFERRED}
        WHEN (OLD.type = 'headcount' OR NEW.type = 'headcount'
              OR OLD.file_name IS DISTINCT FROM NEW.file_name
              OR OLD.user_id IS DISTINCT FROM NEW.user_id
              OR OLD.created_at IS DISTINCT FROM NEW.created_at) ${BUMP}`)
    this.schema.raw(`
      CREATE CONSTRAINT TRIGGER imports_calculation_inputs_delete
        AFTER DELETE ON imports ${DEFERRED} ${BUMP}`)
    // users: the name shown as who changed an input
    this.schema.raw(`
      CREATE CONSTRAINT TRIGGER users_calculation_inputs_update
        AFTER UPDATE OF full_name ON users ${DEFERRED}
        WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name) ${BUMP}`)
    this.schema.raw(`
      CREATE CONSTRAINT TRIGGER users_calculation_inputs_delete
        AFTER DELETE ON users ${DEFERRED} ${BUMP}`)
    for (const table of ALL) {
      this.schema.raw(`
        CREATE TRIGGER ${table}_calculation_inputs_truncate AFTER TRUNCATE ON ${table}
          FOR EACH STATEMENT ${BUMP}`)
    }
    this.schema.raw(
      `INSERT INTO calculation_input_state (id, version) VALUES (1, nextval('calculation_input_version_seq'))`
    )
  }

  async down() {
    for (const table of ALL) {
      this.schema.raw(`DROP TRIGGER ${table}_calculation_inputs_truncate ON ${table}`)
    }
    for (const table of WHOLE) {
      this.schema.raw(`DROP TRIGGER ${table}_calculation_inputs ON ${table}`)
    }
    this.schema.raw('DROP TRIGGER periods_calculation_inputs ON periods')
    this.schema.raw(
      'DROP TRIGGER allocation_calculations_calculation_inputs ON allocation_calculations'
    )
    for (const suffix of ['insert', 'update', 'delete']) {
      this.schema.raw(`DROP TRIGGER imports_calculation_inputs_${suffix} ON imports`)
    }
    for (const suffix of ['update', 'delete']) {
      this.schema.raw(`DROP TRIGGER users_calculation_inputs_${suffix} ON users`)
    }
    this.schema.raw('DROP FUNCTION bump_calculation_input_version')
    this.schema.raw('DROP TABLE calculation_input_state')
    this.schema.raw('DROP SEQUENCE calculation_input_version_seq')
  }
}
