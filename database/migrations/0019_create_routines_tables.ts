import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Guidelines and routines for the telephony contacts: a draft, published as numbered
 * versions with a change note; a routine may require every contact to acknowledge the
 * current version ("Jag har läst och förstått"); a significant version requires it again.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE routine_categories (
        id serial PRIMARY KEY,
        name varchar(100) NOT NULL UNIQUE
      )`)
    this.schema.raw(`
      CREATE TABLE routines (
        id serial PRIMARY KEY,
        category_id integer NOT NULL REFERENCES routine_categories (id),
        draft_title varchar(200) NOT NULL CHECK (draft_title <> ''),
        draft_body text NOT NULL DEFAULT '',
        requires_acknowledgement boolean NOT NULL DEFAULT false,
        created_by integer REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`)
    this.schema.raw(`
      CREATE TABLE routine_versions (
        id serial PRIMARY KEY,
        routine_id integer NOT NULL REFERENCES routines (id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version > 0),
        title varchar(200) NOT NULL,
        body text NOT NULL,
        change_note text NOT NULL CHECK (change_note <> ''),
        significant boolean NOT NULL,
        published_by integer REFERENCES users (id),
        published_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (routine_id, version)
      )`)
    this.schema.raw(`
      CREATE TABLE routine_acknowledgements (
        routine_id integer NOT NULL REFERENCES routines (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        version integer NOT NULL,
        acknowledged_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (routine_id, user_id)
      )`)
  }

  async down() {
    this.schema.raw(
      'DROP TABLE routine_acknowledgements, routine_versions, routines, routine_categories'
    )
  }
}
