import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One row per statement that changed what the quality figures are computed from
 * (call_daily, supplier_statistics, quality_targets), written by statement-level
 * triggers. The visible rows identify the data state a reader sees — also inside the
 * writing transaction itself — so computed month figures can be reused until the next
 * change (app/queries/quality/quality_cache.ts). Rows are only ever inserted: no lock is
 * shared between concurrent imports.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE quality_changes (
        id bigserial PRIMARY KEY,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`)
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION record_quality_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO quality_changes DEFAULT VALUES;
        RETURN NULL;
      END $$`)
    for (const table of ['call_daily', 'supplier_statistics', 'quality_targets']) {
      this.schema.raw(`
        CREATE TRIGGER ${table}_quality_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION record_quality_change()`)
    }
    this.schema.raw('INSERT INTO quality_changes DEFAULT VALUES')
  }

  async down() {
    for (const table of ['call_daily', 'supplier_statistics', 'quality_targets']) {
      this.schema.raw(`DROP TRIGGER ${table}_quality_change ON ${table}`)
    }
    this.schema.raw('DROP TABLE quality_changes')
    this.schema.raw('DROP FUNCTION record_quality_change')
  }
}
