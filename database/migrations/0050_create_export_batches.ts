import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Finance export batches (docs/adr/0016): each batch holds the verifications (issued
 * invoices and credit notes) not exported before, and the exact bytes written (CSV and
 * SIE 4, in the storage with their SHA-256) so that batch N can be written again byte
 * for byte. A verification belongs to at most one batch: `exported_verifications` has the
 * invoice as its primary key, so two exports running at once can never both take it.
 *
 * Verifications issued before batches existed are recorded in batch 0 ("exporterade före
 * exportbatcher", no files): the period export was the way they reached the ledger, and
 * exporting them again in batch 1 would post them twice.
 */
/** Every verification that exists now goes into batch 0 (none: no batch 0). */
export const BATCH_ZERO = [
  `INSERT INTO export_batches (number, verification_count, created_at)
   SELECT 0, count(*), now() FROM invoices HAVING count(*) > 0`,
  `INSERT INTO exported_verifications (invoice_id, batch_number)
   SELECT id, 0 FROM invoices`,
]

export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE export_batches (
        number integer PRIMARY KEY CHECK (number >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by integer REFERENCES users (id),
        verification_count integer NOT NULL CHECK (verification_count >= 0),
        csv_path varchar(500),
        csv_sha256 varchar(64),
        sie_path varchar(500),
        sie_sha256 varchar(64),
        CHECK (number = 0 OR (csv_path IS NOT NULL AND csv_sha256 IS NOT NULL
                              AND sie_path IS NOT NULL AND sie_sha256 IS NOT NULL))
      )`)
    this.schema.raw(`
      CREATE TABLE exported_verifications (
        invoice_id bigint PRIMARY KEY REFERENCES invoices (id),
        batch_number integer NOT NULL REFERENCES export_batches (number)
      )`)
    this.schema.raw(
      'CREATE INDEX exported_verifications_batch_index ON exported_verifications (batch_number)'
    )
    // an export batch is a record of what reached the ledger: never edited or deleted
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION forbid_export_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'exportbatcher ändras eller tas aldrig bort (%)', TG_TABLE_NAME;
      END $$`)
    this.schema.raw(
      `CREATE TRIGGER export_batches_immutable BEFORE UPDATE OR DELETE ON export_batches FOR EACH ROW EXECUTE FUNCTION forbid_export_change()`
    )
    this.schema.raw(
      `CREATE TRIGGER exported_verifications_immutable BEFORE UPDATE OR DELETE ON exported_verifications FOR EACH ROW EXECUTE FUNCTION forbid_export_change()`
    )
    for (const statement of BATCH_ZERO) this.schema.raw(statement)
  }

  async down() {
    this.schema.raw('DROP TABLE exported_verifications, export_batches')
    this.schema.raw('DROP FUNCTION forbid_export_change()')
  }
}
