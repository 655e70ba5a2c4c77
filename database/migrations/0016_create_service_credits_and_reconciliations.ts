import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Service credits (contract penalties) and the reconciliation of the supplier invoice
 * against the call records (DOMAIN.md "Service credits", "Reconciliation").
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE service_credit_rules (
        id serial PRIMARY KEY,
        valid_from date NOT NULL UNIQUE,
        percent_per_point numeric(5, 2) NOT NULL CHECK (percent_per_point >= 0),
        max_percent numeric(5, 2) NOT NULL CHECK (max_percent BETWEEN 0 AND 100),
        fee_articles text[] NOT NULL,
        per_call_articles text[] NOT NULL,
        tolerance_percent numeric(5, 2) NOT NULL CHECK (tolerance_percent >= 0)
      )`)
    this.defer(async (db) => {
      await db.table('service_credit_rules').insert({
        valid_from: '2009-01-01',
        percent_per_point: 1,
        max_percent: 10,
        fee_articles: ['FAST'],
        per_call_articles: ['SAMTAL'],
        tolerance_percent: 0.5,
      })
    })
    this.schema.raw(`
      CREATE TABLE service_credits (
        period varchar(7) PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        service_level numeric(7, 6) NOT NULL,
        target numeric(5, 4) NOT NULL,
        points integer NOT NULL,
        percent numeric(5, 2) NOT NULL,
        fee_ore bigint NOT NULL,
        proposed_ore bigint NOT NULL CHECK (proposed_ore >= 0),
        status varchar(10) NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'waived')),
        comment text NOT NULL DEFAULT '',
        decided_by integer REFERENCES users (id),
        decided_at timestamptz,
        CHECK (status = 'proposed' OR comment <> '')
      )`)
    this.schema.raw(`
      CREATE TABLE reconciliation_explanations (
        period varchar(7) PRIMARY KEY,
        explanation text NOT NULL CHECK (explanation <> ''),
        explained_by integer REFERENCES users (id),
        explained_at timestamptz NOT NULL DEFAULT now()
      )`)
  }

  async down() {
    this.schema.raw('DROP TABLE reconciliation_explanations, service_credits, service_credit_rules')
  }
}
