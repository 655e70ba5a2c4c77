import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Notifications: an in-app list per user, e-mailed at once, in a weekly digest or not
 * at all, as each user chooses per kind; forum subscriptions (a thread or a category);
 * the routine reminders already sent (one per contact and version).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind varchar(30) NOT NULL,
        title varchar(300) NOT NULL,
        url varchar(500) NOT NULL,
        mail_status varchar(10) NOT NULL CHECK (mail_status IN ('pending', 'digest', 'sent', 'none')),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`)
    this.schema.raw('CREATE INDEX notifications_user_index ON notifications (user_id, id DESC)')
    this.schema.raw(
      'CREATE INDEX notifications_unread_index ON notifications (user_id) WHERE read_at IS NULL'
    )
    this.schema.raw(
      "CREATE INDEX notifications_mail_index ON notifications (mail_status) WHERE mail_status IN ('pending', 'digest')"
    )
    this.schema.raw(`
      CREATE TABLE notification_preferences (
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind varchar(30) NOT NULL,
        delivery varchar(10) NOT NULL CHECK (delivery IN ('direkt', 'vecka', 'av')),
        PRIMARY KEY (user_id, kind)
      )`)
    this.schema.raw('ALTER TABLE users ADD COLUMN last_digest_at timestamptz')
    this.schema.raw(`
      CREATE TABLE forum_subscriptions (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        thread_id integer REFERENCES forum_threads (id) ON DELETE CASCADE,
        category_id integer REFERENCES forum_categories (id) ON DELETE CASCADE,
        CHECK ((thread_id IS NULL) <> (category_id IS NULL))
      )`)
    this.schema.raw(
      'CREATE UNIQUE INDEX forum_subscriptions_thread_unique ON forum_subscriptions (thread_id, user_id) WHERE thread_id IS NOT NULL'
    )
    this.schema.raw(
      'CREATE UNIQUE INDEX forum_subscriptions_category_unique ON forum_subscriptions (category_id, user_id) WHERE category_id IS NOT NULL'
    )
    this.schema.raw(`
      CREATE TABLE routine_reminders (
        routine_id integer NOT NULL REFERENCES routines (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        version integer NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (routine_id, user_id, version)
      )`)
    this.schema.raw(`
      INSERT INTO settings (key, value, description) VALUES
        ('routine_reminder_days', '14', 'Dagar innan en telefoniansvarig påminns om en rutin att bekräfta'),
        ('meeting_reminder_hours', '24', 'Timmar före en nätverksträff som påminnelsen skickas')`)
  }

  async down() {
    this.schema.raw(
      "DELETE FROM settings WHERE key IN ('routine_reminder_days', 'meeting_reminder_hours')"
    )
    this.schema.raw(
      'DROP TABLE routine_reminders, forum_subscriptions, notification_preferences, notifications'
    )
    this.schema.raw('ALTER TABLE users DROP COLUMN last_digest_at')
  }
}
