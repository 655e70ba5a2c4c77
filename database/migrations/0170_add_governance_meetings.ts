import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Governance meetings (issue 16, point 7; docs/adr/0027-governance-meetings.md): the meetings
 * module also holds the steering group's meetings, the follow-up meetings with the supplier
 * and the avstämning with one organisation. English values in the database, Swedish labels
 * in resources/lang. Invitees per kind: the steering-group members (users marked as such),
 * one organisation's contacts, guests by e-mail without an account. Decisions and action
 * items (an owner with an account or a named guest, a due date) belong to the meeting they were taken at; open items are shown on
 * the later meetings of the same kind until they are done.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE meetings
        ADD COLUMN kind varchar(20) NOT NULL DEFAULT 'network'
          CHECK (kind IN ('network', 'steering_group', 'supplier', 'review')),
        ADD COLUMN organisation_id integer REFERENCES organisations (id) ON DELETE RESTRICT,
        ADD COLUMN calendar_sequence integer NOT NULL DEFAULT 0,
        ADD CONSTRAINT meetings_review_has_organisation
          CHECK ((kind = 'review') = (organisation_id IS NOT NULL))`)
    this.schema.raw('CREATE INDEX meetings_kind_starts_at_index ON meetings (kind, starts_at)')
    this.schema.raw(`
      CREATE TABLE steering_group_members (
        user_id integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        added_by integer REFERENCES users (id) ON DELETE SET NULL,
        added_at timestamptz NOT NULL DEFAULT now()
      )`)
    this.schema.raw(`
      CREATE TABLE meeting_guests (
        id serial PRIMARY KEY,
        meeting_id integer NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        email varchar(254) NOT NULL CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
        invitation_status varchar(10) NOT NULL DEFAULT 'pending'
          CHECK (invitation_status IN ('pending', 'sent', 'failed', 'none')),
        invitation_sequence integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        last_error varchar(500),
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`)
    this.schema.raw(
      'CREATE UNIQUE INDEX meeting_guests_meeting_email_unique ON meeting_guests (meeting_id, lower(email))'
    )
    this.schema.raw(
      `CREATE INDEX meeting_guests_pending_index ON meeting_guests (id) WHERE invitation_status = 'pending'`
    )
    this.schema.raw(`
      CREATE TABLE meeting_decisions (
        id serial PRIMARY KEY,
        meeting_id integer NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        text varchar(2000) NOT NULL CHECK (text <> ''),
        created_by integer REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`)
    this.schema.raw(
      'CREATE INDEX meeting_decisions_meeting_index ON meeting_decisions (meeting_id)'
    )
    this.schema.raw(`
      CREATE TABLE meeting_action_items (
        id serial PRIMARY KEY,
        meeting_id integer NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        text varchar(1000) NOT NULL CHECK (text <> ''),
        owner_id integer REFERENCES users (id) ON DELETE RESTRICT,
        owner_name varchar(200) CHECK (owner_name <> ''),
        due_date date NOT NULL,
        done_at timestamptz,
        done_by integer REFERENCES users (id) ON DELETE SET NULL,
        created_by integer REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (owner_id IS NOT NULL OR owner_name IS NOT NULL),
        CHECK (done_by IS NULL OR done_at IS NOT NULL)
      )`)
    this.schema.raw(
      'CREATE INDEX meeting_action_items_meeting_index ON meeting_action_items (meeting_id)'
    )
    this.schema.raw(
      'CREATE INDEX meeting_action_items_open_index ON meeting_action_items (meeting_id) WHERE done_at IS NULL'
    )

    // a governance meeting's agenda and minutes are not for every contact: the search finds
    // them for the coordinator only (as hidden forum posts)
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION search_index_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM search_documents WHERE kind = 'meeting' AND source_id = OLD.id;
          RETURN OLD;
        END IF;
        INSERT INTO search_documents (kind, source_id, title, body, hidden)
          VALUES ('meeting', NEW.id, NEW.title, NEW.agenda || E'\\n\\n' || coalesce(NEW.minutes, ''), NEW.kind <> 'network')
        ON CONFLICT (kind, source_id) DO UPDATE
          SET title = EXCLUDED.title, body = EXCLUDED.body, hidden = EXCLUDED.hidden, updated_at = now();
        RETURN NEW;
      END $$`)
  }

  async down() {
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION search_index_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM search_documents WHERE kind = 'meeting' AND source_id = OLD.id;
          RETURN OLD;
        END IF;
        INSERT INTO search_documents (kind, source_id, title, body)
          VALUES ('meeting', NEW.id, NEW.title, NEW.agenda || E'\\n\\n' || coalesce(NEW.minutes, ''))
        ON CONFLICT (kind, source_id) DO UPDATE
          SET title = EXCLUDED.title, body = EXCLUDED.body, updated_at = now();
        RETURN NEW;
      END $$`)
    this.schema.raw('DROP TABLE meeting_action_items, meeting_decisions, meeting_guests')
    this.schema.raw('DROP TABLE steering_group_members')
    this.schema.raw(
      'ALTER TABLE meetings DROP CONSTRAINT meetings_review_has_organisation, DROP COLUMN calendar_sequence, DROP COLUMN organisation_id, DROP COLUMN kind'
    )
  }
}
