import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A telephony contact may be contact for several organisations (issue 16, point 6;
 * docs/adr/0028). `users.organisation_id` stays the contact's first (home) organisation;
 * this table lists every organisation they may act for, the home one included. A trigger
 * keeps the home organisation a membership whichever way a user row is written.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('user_organisations', (table) => {
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table
        .integer('organisation_id')
        .notNullable()
        .references('id')
        .inTable('organisations')
        .onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['user_id', 'organisation_id'])
      table.index(['organisation_id'])
    })
    this.defer(async (db) => {
      await db.rawQuery(`
        INSERT INTO user_organisations (user_id, organisation_id)
        SELECT id, organisation_id FROM users WHERE organisation_id IS NOT NULL
        ON CONFLICT DO NOTHING`)
      await db.rawQuery(`
        CREATE OR REPLACE FUNCTION user_home_organisation_is_member() RETURNS trigger AS $$
        BEGIN
          IF NEW.organisation_id IS NOT NULL THEN
            INSERT INTO user_organisations (user_id, organisation_id)
            VALUES (NEW.id, NEW.organisation_id) ON CONFLICT DO NOTHING;
          END IF;
          RETURN NULL;
        END $$ LANGUAGE plpgsql`)
      await db.rawQuery(`
        CREATE TRIGGER users_home_organisation_member
        AFTER INSERT OR UPDATE OF organisation_id ON users
        FOR EACH ROW EXECUTE FUNCTION user_home_organisation_is_member()`)
    })
  }

  async down() {
    this.schema.raw('DROP TRIGGER IF EXISTS users_home_organisation_member ON users')
    this.schema.raw('DROP FUNCTION IF EXISTS user_home_organisation_is_member()')
    this.schema.dropTable('user_organisations')
  }
}
