import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The version of the extensions register (docs/adr/0015, amendment): one row whose `version` takes a
 * new value from a sequence whenever a statement writes `extensions` (a statement-level
 * trigger, so every writer — snapshot import, completed order, demo loader, raw SQL — is
 * covered). A reader that sees version V sees exactly the register every other reader
 * of V sees: a change takes the row lock before it touches an entry (BEFORE trigger) and
 * becomes visible with its commit; a sequence value is never reused, so a rolled-back
 * change cannot make an old digest look current. The staleness check keeps the register's
 * digest per key date under V instead of summing 60 000 entries on every page view
 * (app/queries/month_end/register_digest.ts).
 *
 * Writers of the register wait for each other on the row (imports and completed orders
 * are rare); readers never wait.
 */
export default class extends BaseSchema {
  async up() {
    // not owned by the table: `TRUNCATE … RESTART IDENTITY` must not restart it, and
    // `migration:fresh` (which drops tables only) leaves it to go on counting
    this.schema.raw('CREATE SEQUENCE IF NOT EXISTS extension_register_version_seq')
    this.schema.raw(`
      CREATE TABLE extension_register_state (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        version bigint NOT NULL
      )`)
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION bump_extension_register_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- an upsert: a test that truncated every table may have removed the row
        INSERT INTO extension_register_state (id, version)
          VALUES (1, nextval('extension_register_version_seq'))
          ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
        RETURN NULL;
      END $$`)
    this.schema.raw(`
      CREATE TRIGGER extensions_register_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
        ON extensions FOR EACH STATEMENT EXECUTE FUNCTION bump_extension_register_version()`)
    this.schema.raw(
      `INSERT INTO extension_register_state (id, version) VALUES (1, nextval('extension_register_version_seq'))`
    )
  }

  async down() {
    this.schema.raw('DROP TRIGGER extensions_register_version ON extensions')
    this.schema.raw('DROP FUNCTION bump_extension_register_version')
    this.schema.raw('DROP TABLE extension_register_state')
    this.schema.raw('DROP SEQUENCE extension_register_version_seq')
  }
}
