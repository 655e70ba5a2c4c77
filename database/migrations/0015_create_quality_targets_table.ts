import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Contract targets and thresholds with validity dates, so a report for an old month uses
 * the targets that applied then. Reference data: the seeds' figures.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE quality_targets (
        id serial PRIMARY KEY,
        valid_from date NOT NULL UNIQUE,
        target_seconds integer NOT NULL CHECK (target_seconds > 0),
        short_abandon_seconds integer NOT NULL CHECK (short_abandon_seconds BETWEEN 0 AND 11),
        service_level_target numeric(5, 4) NOT NULL CHECK (service_level_target BETWEEN 0 AND 1),
        abandon_rate_target numeric(5, 4) NOT NULL CHECK (abandon_rate_target BETWEEN 0 AND 1),
        note text NOT NULL DEFAULT '',
        -- answered-within-target is read from the wait buckets of call_hourly: the target
        -- must be a bucket boundary (≤ 10 s, a multiple of 5 up to 180 s, of 60 up to 300 s)
        CHECK (target_seconds <= 10 OR (target_seconds <= 180 AND target_seconds % 5 = 0)
               OR (target_seconds <= 300 AND target_seconds % 60 = 0))
      )`)
    this.defer(async (db) => {
      await db.table('quality_targets').insert({
        valid_from: '2009-01-01',
        target_seconds: 60,
        short_abandon_seconds: 5,
        service_level_target: 0.85,
        abandon_rate_target: 0.05,
        note: 'Avtalets mål: 85 % besvarade inom 60 s, högst 5 % avbrutna; korta avbrott under 5 s räknas inte.',
      })
    })
  }

  async down() {
    this.schema.raw('DROP TABLE quality_targets')
  }
}
