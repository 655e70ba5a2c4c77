import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Supplier call records, their hourly aggregates (what dashboards read), rejected rows
 * kept by partial imports, and the PostgreSQL-backed job queue for long imports.
 *
 * call_hourly.wait_bucket: a wait of w seconds falls in bucket b where w ≤ b and
 * w > the previous bucket: 1-second steps up to 10 s, 5-second steps up to 180 s,
 * 60-second steps up to 300 s, then 301 for everything longer. "Answered within 60 s"
 * is the sum of buckets ≤ 60, "short abandon (< 5 s)" the sum of buckets ≤ 4.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE call_records (
        call_id varchar(64) PRIMARY KEY,
        started_at timestamptz NOT NULL,
        entry_number varchar(20) NOT NULL,
        wait_seconds integer NOT NULL CHECK (wait_seconds >= 0),
        talk_seconds integer NOT NULL CHECK (talk_seconds >= 0),
        outcome varchar(12) NOT NULL
          CHECK (outcome IN ('besvarat', 'kopplat', 'avbrutet', 'meddelande')),
        extension varchar(20),
        cost numeric(12, 4) NOT NULL CHECK (cost >= 0),
        -- no foreign keys on this hot table: a million per-row RI checks per month cost
        -- more than the whole merge; both values come from the import's own transaction
        organisation_id integer,
        import_id bigint NOT NULL
      )`)
    this.schema.raw(
      'CREATE INDEX call_records_started_at_index ON call_records USING brin (started_at)'
    )

    this.schema.raw(`
      CREATE OR REPLACE FUNCTION wait_bucket(seconds integer) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN seconds <= 10 THEN seconds
          WHEN seconds <= 180 THEN ((seconds + 4) / 5) * 5
          WHEN seconds <= 300 THEN ((seconds + 59) / 60) * 60
          ELSE 301
        END
      $$`)
    this.schema.raw(`
      CREATE TABLE call_hourly (
        hour timestamptz NOT NULL,
        entry_number varchar(20) NOT NULL,
        outcome varchar(12) NOT NULL,
        wait_bucket integer NOT NULL,
        calls integer NOT NULL,
        wait_seconds bigint NOT NULL,
        talk_seconds bigint NOT NULL,
        cost numeric(16, 4) NOT NULL,
        PRIMARY KEY (hour, entry_number, outcome, wait_bucket)
      )`)
    // the same histogram per Stockholm day: what the month views and trends read
    this.schema.raw(`
      CREATE TABLE call_daily (
        day date NOT NULL,
        entry_number varchar(20) NOT NULL,
        outcome varchar(12) NOT NULL,
        wait_bucket integer NOT NULL,
        calls integer NOT NULL,
        wait_seconds bigint NOT NULL,
        talk_seconds bigint NOT NULL,
        cost numeric(16, 4) NOT NULL,
        PRIMARY KEY (day, entry_number, outcome, wait_bucket)
      )`)
    // calls transferred (or messages left) per organisation and hour, for the contacts
    this.schema.raw(`
      CREATE TABLE call_hourly_org (
        hour timestamptz NOT NULL,
        organisation_id integer NOT NULL,
        outcome varchar(12) NOT NULL,
        calls integer NOT NULL,
        PRIMARY KEY (hour, organisation_id, outcome)
      )`)

    this.schema.raw(`
      CREATE TABLE import_rejected_rows (
        id bigserial PRIMARY KEY,
        import_id bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        line integer NOT NULL,
        raw text NOT NULL,
        errors jsonb NOT NULL
      )`)
    this.schema.raw(
      'CREATE INDEX import_rejected_rows_import_index ON import_rejected_rows (import_id, line)'
    )

    this.schema.alterTable('imports', (table) => {
      table.bigInteger('total_bytes').nullable()
      table.bigInteger('processed_bytes').notNullable().defaultTo(0)
      table.integer('processed_rows').notNullable().defaultTo(0)
      table.string('stored_file', 500).nullable()
    })

    this.schema.raw(`
      CREATE TABLE jobs (
        id bigserial PRIMARY KEY,
        type varchar(40) NOT NULL,
        payload jsonb NOT NULL,
        status varchar(12) NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'running', 'done', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        locked_by varchar(100),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`)
    this.schema.raw(`CREATE INDEX jobs_queued_index ON jobs (id) WHERE status = 'queued'`)
  }

  async down() {
    this.schema.raw('DROP TABLE jobs')
    this.schema.alterTable('imports', (table) => {
      table.dropColumn('total_bytes')
      table.dropColumn('processed_bytes')
      table.dropColumn('processed_rows')
      table.dropColumn('stored_file')
    })
    this.schema.raw('DROP TABLE import_rejected_rows')
    this.schema.raw('DROP TABLE call_hourly_org')
    this.schema.raw('DROP TABLE call_daily')
    this.schema.raw('DROP TABLE call_hourly')
    this.schema.raw('DROP FUNCTION wait_bucket(integer)')
    this.schema.raw('DROP TABLE call_records')
  }
}
