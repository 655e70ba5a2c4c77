import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Feedback routed to an organisation (issue 16, point 5): a caller's complaint, praise
 * (beröm), a wrong referral in the organisation's own routines or another view, which the
 * coordinator registers and forwards to that organisation's telephony contacts; a contact
 * answers in Växelnavet and the response time (forwarded → answered) is measured against the
 * setting `feedback_response_target_hours` (24 h, seed 001). docs/adr/0027.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE organisation_feedback (
        id serial PRIMARY KEY,
        organisation_id integer NOT NULL REFERENCES organisations (id),
        type varchar(20) NOT NULL
          CHECK (type IN ('klagomal', 'berom', 'felhanvisning', 'synpunkt')),
        received_on date NOT NULL,
        description text NOT NULL CHECK (description <> '' AND char_length(description) <= 5000),
        registered_by integer REFERENCES users (id) ON DELETE SET NULL,
        forwarded_at timestamptz NOT NULL DEFAULT now(),
        answer text CHECK (char_length(answer) <= 5000),
        answered_by integer REFERENCES users (id) ON DELETE SET NULL,
        answered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((answer IS NULL) = (answered_at IS NULL)),
        CHECK (answered_at IS NULL OR answered_at >= forwarded_at)
      )`)
    this.schema.raw(
      'CREATE INDEX organisation_feedback_organisation_index ON organisation_feedback (organisation_id, forwarded_at)'
    )
    this.schema.raw(`
      INSERT INTO settings (key, value, description) VALUES
        ('feedback_response_target_hours', '24', 'Timmar inom vilka en organisation ska ha svarat på vidarebefordrad återkoppling')
      ON CONFLICT (key) DO NOTHING`)
  }

  async down() {
    this.schema.raw("DELETE FROM settings WHERE key = 'feedback_response_target_hours'")
    this.schema.raw('DROP TABLE organisation_feedback')
  }
}
