import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Network meetings (nätverksträffar) for the telephony contacts: the coordinator
 * schedules them, everyone answers ja/nej/kanske, minutes are published afterwards
 * (Markdown and/or a PDF), each meeting has a forum thread and may attach a period's
 * quality report.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE meetings (
        id serial PRIMARY KEY,
        title varchar(200) NOT NULL CHECK (title <> ''),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        place varchar(200),
        video_url varchar(500),
        agenda text NOT NULL DEFAULT '',
        period char(7) CHECK (period ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
        forum_thread_id integer REFERENCES forum_threads (id) ON DELETE SET NULL,
        minutes text,
        minutes_pdf_path varchar(300),
        minutes_pdf_sha256 char(64),
        minutes_published_at timestamptz,
        reminder_sent_at timestamptz,
        created_by integer REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK (place IS NOT NULL OR video_url IS NOT NULL)
      )`)
    this.schema.raw('CREATE INDEX meetings_starts_at_index ON meetings (starts_at)')
    this.schema.raw(`
      CREATE TABLE meeting_responses (
        meeting_id integer NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        answer varchar(6) NOT NULL CHECK (answer IN ('ja', 'nej', 'kanske')),
        answered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (meeting_id, user_id)
      )`)
  }

  async down() {
    this.schema.raw('DROP TABLE meeting_responses, meetings')
  }
}
