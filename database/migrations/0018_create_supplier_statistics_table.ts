import { BaseSchema } from '@adonisjs/lucid/schema'

/** The supplier's own statistics per day (or hour) and entry number, for months without call records. */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE supplier_statistics (
        id bigserial PRIMARY KEY,
        day date NOT NULL,
        hour smallint CHECK (hour BETWEEN 0 AND 23),
        entry_number varchar(20) NOT NULL,
        offered integer NOT NULL CHECK (offered >= 0),
        answered integer NOT NULL CHECK (answered >= 0),
        answered_within_target integer NOT NULL CHECK (answered_within_target >= 0 AND answered_within_target <= answered),
        target_seconds integer NOT NULL CHECK (target_seconds > 0),
        abandoned integer NOT NULL CHECK (abandoned >= 0),
        short_abandons integer NOT NULL CHECK (short_abandons >= 0),
        total_wait_seconds bigint NOT NULL CHECK (total_wait_seconds >= 0),
        total_talk_seconds bigint NOT NULL CHECK (total_talk_seconds >= 0),
        transferred integer NOT NULL CHECK (transferred >= 0),
        import_id bigint REFERENCES imports (id) ON DELETE SET NULL
      )`)
    this.schema.raw(
      'CREATE UNIQUE INDEX supplier_statistics_key ON supplier_statistics (day, coalesce(hour, -1), entry_number)'
    )
  }

  async down() {
    this.schema.raw('DROP TABLE supplier_statistics')
  }
}
