import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Issue 16, the gaps left in the governance meetings (docs/adr/0031):
 * - a meeting can be cancelled (`cancelled_at`, `cancelled_by`);
 * - `meeting_cancellations` is the outbox of the `METHOD:CANCEL` calendar e-mails to guests
 *   without an account who were sent an invitation and then removed (or whose meeting was
 *   cancelled): sent by the notification sweep like the invitations, claimed by a
 *   compare-and-set of the attempt count;
 * - `review_reminders` remembers which organisation's missing avstämning the coordinators
 *   were told about, per last avstämning (0: none yet), so each is told once;
 * - the setting `review_interval_months` (default 6): how long an organisation may go
 *   without an avstämning.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE meetings
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancelled_by integer REFERENCES users (id) ON DELETE SET NULL`)
    this.schema.raw(`
      CREATE TABLE meeting_cancellations (
        id serial PRIMARY KEY,
        meeting_id integer NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        email varchar(254) NOT NULL CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
        sequence integer NOT NULL CHECK (sequence > 0),
        status varchar(10) NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sent', 'failed', 'none')),
        attempts integer NOT NULL DEFAULT 0,
        last_error varchar(500),
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`)
    this.schema.raw(
      'CREATE UNIQUE INDEX meeting_cancellations_meeting_email_unique ON meeting_cancellations (meeting_id, lower(email))'
    )
    this.schema.raw(
      `CREATE INDEX meeting_cancellations_pending_index ON meeting_cancellations (id) WHERE status = 'pending'`
    )
    this.schema.raw(`
      CREATE TABLE review_reminders (
        organisation_id integer NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        last_review_id integer NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, last_review_id)
      )`)
    this.defer(async (db) => {
      await db.table('settings').insert({
        key: 'review_interval_months',
        value: '6',
        description:
          'Månader en organisation kan gå utan avstämning innan samordnaren påminns (1–24)',
      })
    })
  }

  async down() {
    this.schema.raw('DROP TABLE review_reminders, meeting_cancellations')
    this.schema.raw('ALTER TABLE meetings DROP COLUMN cancelled_by, DROP COLUMN cancelled_at')
    this.defer(async (db) => {
      await db.from('settings').where('key', 'review_interval_months').delete()
    })
  }
}
