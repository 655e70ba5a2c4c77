import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Allocation warnings can be marked read (issue 15 point 2, docs/adr/0024): who read the
 * warnings of which calculation, and when. A re-run makes a new calculation, so its warnings
 * are unread again until someone reads them (the read mark names the calculation).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE periods
        ADD COLUMN warnings_read_calculation_id bigint REFERENCES allocation_calculations (id),
        ADD COLUMN warnings_read_by integer REFERENCES users (id),
        ADD COLUMN warnings_read_at timestamptz,
        ADD CONSTRAINT periods_warnings_read_complete CHECK (
          (warnings_read_calculation_id IS NULL) = (warnings_read_at IS NULL)
        )`)
  }

  async down() {
    this.schema.raw(`
      ALTER TABLE periods
        DROP CONSTRAINT periods_warnings_read_complete,
        DROP COLUMN warnings_read_at,
        DROP COLUMN warnings_read_by,
        DROP COLUMN warnings_read_calculation_id`)
  }
}
