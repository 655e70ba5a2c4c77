import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Month-end guards and four eyes (issue 13, docs/adr/0015):
 *
 * - `four_eyes` (ja/nej, default ja): the controller who approves must not be the person
 *   who last ran the allocation.
 * - A period whose supplier-invoice pool has no supplier invoice is approved only with an
 *   explicit confirmation and a comment, kept on the period.
 * - The audit log types its entries by what they concern (period, invoice, service
 *   credit …) instead of "setting" for everything, and is append-only: a trigger refuses
 *   UPDATE and DELETE (TRUNCATE, used only by backup:restore into an empty database, is
 *   not a row change). Removing a user account keeps its entries, without the link.
 */
export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      await db.table('settings').insert({
        key: 'four_eyes',
        value: 'ja',
        description:
          'Fyra ögon: den som godkänner fördelningen får inte vara den som senast beräknade den (ja/nej)',
      })
    })
    this.schema.raw(`
      ALTER TABLE periods
        ADD COLUMN empty_pool_comment text,
        ADD COLUMN empty_pool_confirmed_by integer REFERENCES users (id)`)
    // what the entries of the month-end concern, from their summary (written by this code)
    this.schema.raw(`
      UPDATE audit_log SET entity_type = CASE
          WHEN summary LIKE 'Kostnadsfördelningen för %' OR summary LIKE '% internfakturor utfärdades för %' THEN 'period'
          WHEN summary LIKE 'Kreditfaktura %' OR summary LIKE 'Faktura % ersätter %' THEN 'invoice'
          WHEN summary LIKE 'Vite för %' THEN 'service_credit'
          WHEN summary LIKE 'Avvikelse i avstämningen %' THEN 'reconciliation'
          WHEN summary LIKE 'Kostnadsposten %' OR summary LIKE 'Nyckeldatum för %' THEN 'pool'
          WHEN summary LIKE 'Kvalitetsmål från %' THEN 'quality_target'
          WHEN summary LIKE 'Nätverksträff %' OR summary LIKE 'Minnesanteckningar %' THEN 'meeting'
          WHEN summary LIKE 'Avvikelse %' THEN 'deviation'
          WHEN summary LIKE 'Forum:%' THEN 'forum'
          WHEN summary LIKE 'Rutinen %' THEN 'routine'
          WHEN summary LIKE 'Enkäten %' THEN 'survey'
          ELSE entity_type END
        WHERE entity_type = 'setting'`)
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- a removed account keeps its entries; only the link to the person goes (the
        -- foreign key's ON DELETE SET NULL), nothing else of the entry changes
        IF TG_OP = 'UPDATE' AND NEW.user_id IS NULL AND OLD.user_id IS NOT NULL
           AND (NEW.id, NEW.action, NEW.entity_type, NEW.entity_id, NEW.summary, NEW.changes, NEW.created_at)
               IS NOT DISTINCT FROM (OLD.id, OLD.action, OLD.entity_type, OLD.entity_id, OLD.summary, OLD.changes, OLD.created_at) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'granskningsloggen ändras eller tas aldrig bort (%)', TG_OP;
      END $$`)
    this.schema.raw(
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`
    )
  }

  async down() {
    this.schema.raw('DROP TRIGGER audit_log_append_only ON audit_log')
    this.schema.raw('DROP FUNCTION audit_log_append_only()')
    this.schema.raw(
      'ALTER TABLE periods DROP COLUMN empty_pool_confirmed_by, DROP COLUMN empty_pool_comment'
    )
    this.schema.raw(`DELETE FROM settings WHERE key = 'four_eyes'`)
  }
}
