import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Users and their role. A telephony contact (telefoniansvarig) is bound to exactly one
 * organisation; the database enforces it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('users', (table) => {
      table.increments('id')
      table.string('email', 254).notNullable().unique()
      table.string('full_name', 200).notNullable()
      table.string('password').notNullable()
      table.string('role', 20).notNullable()
      table
        .integer('organisation_id')
        .nullable()
        .references('id')
        .inTable('organisations')
        .onDelete('RESTRICT')
      table.boolean('is_active').notNullable().defaultTo(true)
      table.boolean('must_change_password').notNullable().defaultTo(false)
      table.string('locale', 5).notNullable().defaultTo('sv')
      table.timestamp('last_login_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(`
      ALTER TABLE users
        ADD CONSTRAINT users_role_check
          CHECK (role IN ('samordnare', 'controller', 'telefoniansvarig')),
        ADD CONSTRAINT users_contact_has_organisation_check
          CHECK (role <> 'telefoniansvarig' OR organisation_id IS NOT NULL),
        ADD CONSTRAINT users_email_lowercase_check CHECK (email = lower(email))
    `)
    this.schema.raw('CREATE INDEX users_organisation_id_index ON users (organisation_id)')
  }

  async down() {
    this.schema.dropTable('users')
  }
}
