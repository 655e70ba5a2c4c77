import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Month-end: settings (reference data), periods and their allocation, internal invoices
 * with a gapless number series per year.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE settings (
        key varchar(60) PRIMARY KEY,
        value text NOT NULL,
        description text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`)
    this.defer(async (db) => {
      await db.table('settings').multiInsert([
        {
          key: 'vat_rate_percent',
          value: '25',
          description: 'Moms på internfakturor till bolag (procent)',
        },
        {
          key: 'payment_days',
          value: '30',
          description: 'Betalningsvillkor, dagar efter fakturadatum',
        },
        {
          key: 'issuer_name',
          value: 'Serviceförvaltningen, Kontaktcenter – gemensam växel',
          description: 'Avsändare på internfakturor',
        },
        {
          key: 'issuer_address',
          value: 'Box 8314, 104 20 Staden',
          description: 'Avsändarens adress',
        },
        {
          key: 'issuer_org_number',
          value: '212000-0142',
          description: 'Avsändarens organisationsnummer',
        },
        {
          key: 'issuer_cost_centre',
          value: '11000',
          description: 'Avsändarens ansvar (intäktssidan)',
        },
        { key: 'account_cost', value: '6420', description: 'Konto för mottagarens kostnad' },
        {
          key: 'account_revenue',
          value: '3610',
          description: 'Konto för serviceförvaltningens intäkt',
        },
        { key: 'account_output_vat', value: '2611', description: 'Konto för utgående moms' },
        { key: 'activity_code', value: '470', description: 'Verksamhet i ekonomisystemet' },
        {
          key: 'settlement_text',
          value: 'Regleras via internredovisningen; ingen inbetalning görs.',
          description: 'Betalningstext på förvaltningarnas fakturor',
        },
        {
          key: 'company_payment_text',
          value: 'Betalas till bankgiro 5050-1055 med fakturanumret som referens.',
          description: 'Betalningstext på bolagens fakturor',
        },
      ])
    })

    this.schema.raw(`
      CREATE TABLE periods (
        period varchar(7) PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        status varchar(12) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'invoiced')),
        warnings jsonb NOT NULL DEFAULT '[]',
        calculated_at timestamptz NOT NULL DEFAULT now(),
        calculated_by integer REFERENCES users (id),
        approved_at timestamptz,
        approved_by integer REFERENCES users (id),
        invoiced_at timestamptz,
        invoiced_by integer REFERENCES users (id)
      )`)
    this.schema.raw(`
      CREATE TABLE allocations (
        id bigserial PRIMARY KEY,
        period varchar(7) NOT NULL REFERENCES periods (period) ON DELETE CASCADE,
        cost_pool_id integer NOT NULL REFERENCES cost_pools (id),
        amount_ore bigint NOT NULL,
        basis varchar(20) NOT NULL,
        key_date date,
        key_month varchar(7),
        total_weight bigint NOT NULL,
        sources jsonb NOT NULL DEFAULT '[]',
        UNIQUE (period, cost_pool_id)
      )`)
    this.schema.raw(`
      CREATE TABLE allocation_shares (
        allocation_id bigint NOT NULL REFERENCES allocations (id) ON DELETE CASCADE,
        organisation_id integer NOT NULL REFERENCES organisations (id),
        weight bigint NOT NULL CHECK (weight >= 0),
        amount_ore bigint NOT NULL,
        PRIMARY KEY (allocation_id, organisation_id)
      )`)

    this.schema.raw(`
      CREATE TABLE invoice_series (
        year integer PRIMARY KEY,
        last_number integer NOT NULL DEFAULT 0
      )`)
    this.schema.raw(`
      CREATE TABLE invoices (
        id bigserial PRIMARY KEY,
        number varchar(20) NOT NULL UNIQUE,
        year integer NOT NULL,
        sequence integer NOT NULL,
        kind varchar(10) NOT NULL CHECK (kind IN ('invoice', 'credit')),
        period varchar(7) NOT NULL REFERENCES periods (period),
        organisation_id integer NOT NULL REFERENCES organisations (id),
        credits_invoice_id bigint REFERENCES invoices (id),
        credit_reason text,
        issue_date date NOT NULL,
        due_date date NOT NULL,
        reference varchar(200) NOT NULL DEFAULT '',
        cost_centre varchar(50) NOT NULL DEFAULT '',
        vat_rate_percent integer NOT NULL,
        net_ore bigint NOT NULL,
        vat_ore bigint NOT NULL,
        total_ore bigint NOT NULL,
        pdf_path varchar(500),
        pdf_sha256 varchar(64),
        issued_by integer REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (year, sequence),
        CHECK (total_ore = net_ore + vat_ore),
        CHECK (kind = 'invoice' OR (credits_invoice_id IS NOT NULL AND credit_reason IS NOT NULL))
      )`)
    this.schema.raw('CREATE INDEX invoices_period_index ON invoices (period, organisation_id)')
    this.schema.raw(`
      CREATE TABLE invoice_lines (
        id bigserial PRIMARY KEY,
        invoice_id bigint NOT NULL REFERENCES invoices (id),
        position integer NOT NULL,
        pool_code varchar(20) NOT NULL,
        description text NOT NULL,
        basis_text text NOT NULL,
        amount_ore bigint NOT NULL
      )`)
    this.schema.raw('CREATE INDEX invoice_lines_invoice_index ON invoice_lines (invoice_id)')
    // issued documents are never edited or deleted
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'invoices' THEN
          IF OLD.pdf_path IS NULL AND NEW.pdf_path IS NOT NULL
             AND (OLD.number, OLD.net_ore, OLD.vat_ore, OLD.total_ore) = (NEW.number, NEW.net_ore, NEW.vat_ore, NEW.total_ore) THEN
            RETURN NEW; -- the PDF is attached once, right after issuing
          END IF;
        END IF;
        RAISE EXCEPTION 'utfärdade fakturor ändras eller tas aldrig bort (%)', TG_TABLE_NAME;
      END $$`)
    this.schema.raw(
      `CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION forbid_change()`
    )
    this.schema.raw(
      `CREATE TRIGGER invoice_lines_immutable BEFORE UPDATE OR DELETE ON invoice_lines FOR EACH ROW EXECUTE FUNCTION forbid_change()`
    )
  }

  async down() {
    this.schema.raw(
      'DROP TABLE invoice_lines, invoices, invoice_series, allocation_shares, allocations, periods, settings'
    )
    this.schema.raw('DROP FUNCTION forbid_change()')
  }
}
