import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The switchboard's opening hours (issue 17 point 4, seeds 000/001): the weekly hours in
 * two seasons (normal and summer), and dated periods that are summer time or closed. A
 * weekday without a row is closed. The seeds' hours are the default: Monday–Thursday
 * 8.00–16.30 (summer 8.00–16.00), Friday 8.00–16.00 (summer 8.00–15.00). Changes leave a
 * row in quality_changes, so cached figures within opening hours are computed again.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE opening_hours (
        season varchar(10) NOT NULL CHECK (season IN ('normal', 'summer')),
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        opens time NOT NULL,
        closes time NOT NULL,
        PRIMARY KEY (season, weekday),
        CHECK (closes > opens)
      )`)
    this.schema.raw(`
      INSERT INTO opening_hours (season, weekday, opens, closes) VALUES
        ('normal', 1, '08:00', '16:30'), ('normal', 2, '08:00', '16:30'),
        ('normal', 3, '08:00', '16:30'), ('normal', 4, '08:00', '16:30'),
        ('normal', 5, '08:00', '16:00'),
        ('summer', 1, '08:00', '16:00'), ('summer', 2, '08:00', '16:00'),
        ('summer', 3, '08:00', '16:00'), ('summer', 4, '08:00', '16:00'),
        ('summer', 5, '08:00', '15:00')`)
    this.schema.raw(`
      CREATE TABLE opening_periods (
        id serial PRIMARY KEY,
        kind varchar(10) NOT NULL CHECK (kind IN ('summer', 'closed')),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        note varchar(200) NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on),
        CHECK (ends_on - starts_on <= 366)
      )`)
    for (const table of ['opening_hours', 'opening_periods']) {
      this.schema.raw(`
        CREATE TRIGGER ${table}_quality_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION record_quality_change()`)
    }
  }

  async down() {
    this.schema.raw('DROP TABLE opening_periods')
    this.schema.raw('DROP TABLE opening_hours')
  }
}
