import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Retention (gallring) of raw call records: how many months they are kept (a setting,
 * 36 by default) and every run that removed older ones, with its cutoff — an import
 * refuses calls from before the latest cutoff, so removed calls are never counted twice.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      INSERT INTO settings (key, value, description) VALUES
        ('call_records_retention_months', '36', 'Månader som samtalens rådata sparas (äldre gallras med retention:apply; dag- och timsummor sparas alltid)')
      ON CONFLICT (key) DO NOTHING`)
    this.schema.raw(`
      CREATE TABLE retention_runs (
        id bigserial PRIMARY KEY,
        cutoff date NOT NULL,
        deleted_rows bigint NOT NULL CHECK (deleted_rows >= 0),
        kept_for_deviations integer NOT NULL CHECK (kept_for_deviations >= 0),
        applied_by integer REFERENCES users (id) ON DELETE SET NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`)
  }

  async down() {
    this.schema.raw('DROP TABLE retention_runs')
    this.schema.raw(`DELETE FROM settings WHERE key = 'call_records_retention_months'`)
  }
}
