import { BaseSchema } from '@adonisjs/lucid/schema'

/** Deviations (avvikelser) reported by telephony contacts, triaged by the coordinator. */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE deviations (
        id bigserial PRIMARY KEY,
        organisation_id integer NOT NULL REFERENCES organisations (id),
        reported_by integer NOT NULL REFERENCES users (id),
        occurred_at timestamptz NOT NULL,
        entry_number varchar(20) NOT NULL DEFAULT '',
        type varchar(20) NOT NULL CHECK (type IN ('felkopplat', 'lang_vantetid', 'bemotande', 'tekniskt_fel', 'annat')),
        description text NOT NULL CHECK (description <> ''),
        call_id varchar(64),
        status varchar(24) NOT NULL DEFAULT 'ny'
          CHECK (status IN ('ny', 'under_utredning', 'skickad_till_leverantor', 'atgardad', 'avvisad')),
        answer text,
        forwarded_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status NOT IN ('atgardad', 'avvisad') OR (answer IS NOT NULL AND answer <> ''))
      )`)
    this.schema.raw(
      'CREATE INDEX deviations_organisation_index ON deviations (organisation_id, created_at DESC)'
    )
    this.schema.raw(`
      CREATE TABLE deviation_comments (
        id bigserial PRIMARY KEY,
        deviation_id bigint NOT NULL REFERENCES deviations (id) ON DELETE CASCADE,
        user_id integer REFERENCES users (id),
        body text NOT NULL CHECK (body <> ''),
        created_at timestamptz NOT NULL DEFAULT now()
      )`)
  }

  async down() {
    this.schema.raw('DROP TABLE deviation_comments, deviations')
  }
}
