import { BaseSchema } from '@adonisjs/lucid/schema'

/** Forum for the telephony contacts: categories, threads, posts, reads and reports. */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE forum_categories (
        id serial PRIMARY KEY,
        name varchar(100) NOT NULL UNIQUE,
        description text NOT NULL DEFAULT ''
      )`)
    this.schema.raw(`
      INSERT INTO forum_categories (name, description) VALUES
        ('Allmänt', 'Frågor och tips om växeln och samarbetet'),
        ('Vidarekoppling och hänvisning', 'Hänvisningar, frånvaro och vidarekopplade samtal'),
        ('Teknik och anknytningar', 'Nummer, anknytningar, mobiler och beställningar')`)
    this.schema.raw(`
      CREATE TABLE forum_threads (
        id serial PRIMARY KEY,
        category_id integer NOT NULL REFERENCES forum_categories (id),
        title varchar(200) NOT NULL CHECK (title <> ''),
        author_id integer NOT NULL REFERENCES users (id),
        pinned boolean NOT NULL DEFAULT false,
        locked boolean NOT NULL DEFAULT false,
        solution_post_id integer,
        last_post_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now()
      )`)
    this.schema.raw(`
      CREATE TABLE forum_posts (
        id serial PRIMARY KEY,
        thread_id integer NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
        author_id integer NOT NULL REFERENCES users (id),
        body text NOT NULL CHECK (body <> ''),
        hidden boolean NOT NULL DEFAULT false,
        moderation_note text,
        edited_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`)
    this.schema.raw('CREATE INDEX forum_posts_thread_index ON forum_posts (thread_id, id)')
    this.schema.raw(
      'CREATE INDEX forum_threads_list_index ON forum_threads (pinned DESC, last_post_at DESC, id DESC)'
    )
    this.schema.raw(`
      CREATE TABLE forum_reads (
        thread_id integer NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        last_read_post_id integer NOT NULL,
        PRIMARY KEY (thread_id, user_id)
      )`)
    this.schema.raw(`
      CREATE TABLE forum_reports (
        id serial PRIMARY KEY,
        post_id integer NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
        reported_by integer NOT NULL REFERENCES users (id),
        reason text NOT NULL CHECK (reason <> ''),
        created_at timestamptz NOT NULL DEFAULT now()
      )`)
  }

  async down() {
    this.schema.raw(
      'DROP TABLE forum_reports, forum_reads, forum_posts, forum_threads, forum_categories'
    )
  }
}
