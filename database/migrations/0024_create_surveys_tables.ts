import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The yearly satisfaction survey of the telephony contacts. Who has answered is kept
 * apart from what was answered: `survey_participants` has no link to a response, and a
 * response has a random id and no time, so answers cannot be traced to a person.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE surveys (
        id serial PRIMARY KEY,
        title varchar(200) NOT NULL CHECK (title <> ''),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        status varchar(10) NOT NULL DEFAULT 'utkast' CHECK (status IN ('utkast', 'oppen', 'stangd')),
        created_by integer REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        opened_at timestamptz,
        closed_at timestamptz
      )`)
    this.schema.raw(`
      CREATE TABLE survey_questions (
        id serial PRIMARY KEY,
        survey_id integer NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        position integer NOT NULL,
        text varchar(300) NOT NULL CHECK (text <> ''),
        UNIQUE (survey_id, position)
      )`)
    this.schema.raw(`
      CREATE TABLE survey_participants (
        survey_id integer NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (survey_id, user_id)
      )`)
    this.schema.raw(`
      CREATE TABLE survey_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        survey_id integer NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        free_text text
      )`)
    this.schema.raw(`
      CREATE TABLE survey_answers (
        response_id uuid NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
        question_id integer NOT NULL REFERENCES survey_questions (id) ON DELETE CASCADE,
        score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
        PRIMARY KEY (response_id, question_id)
      )`)
    this.schema.raw(`
      INSERT INTO settings (key, value, description) VALUES
        ('survey_satisfied_target_percent', '90', 'Mål: andel nöjda (4–5) i enkäten till telefoniansvariga')`)
  }

  async down() {
    this.schema.raw("DELETE FROM settings WHERE key = 'survey_satisfied_target_percent'")
    this.schema.raw(
      'DROP TABLE survey_answers, survey_responses, survey_participants, survey_questions, surveys'
    )
  }
}
