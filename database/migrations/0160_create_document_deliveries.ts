import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Delivery of documents by e-mail (issue 16, point 1; docs/adr/0025): every issued invoice
 * and credit note is queued for e-mail to its organisation in the issuing transaction, with
 * its PDF, the company's e-invoice (UBL) and the month's report attached. One row per
 * document holds where its delivery stands; `document_delivery_events` is its log (queued,
 * sent, failed with the reason, resent by whom). `claim_token`/`claimed_at` are the lease of
 * the one worker sending it: a row is claimed by one conditional UPDATE, so two instances
 * never both send it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE document_deliveries (
        id serial PRIMARY KEY,
        invoice_id integer NOT NULL UNIQUE REFERENCES invoices (id) ON DELETE RESTRICT,
        organisation_id integer NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
        status varchar(10) NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
        recipients jsonb NOT NULL DEFAULT '[]'::jsonb,
        recipient_source varchar(15) CHECK (recipient_source IN ('invoice_email', 'contacts')),
        attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error text,
        queued_at timestamptz NOT NULL DEFAULT now(),
        claim_token uuid,
        claimed_at timestamptz,
        last_attempt_at timestamptz,
        sent_at timestamptz,
        resent_by integer REFERENCES users (id) ON DELETE SET NULL,
        resent_at timestamptz,
        CHECK ((status = 'sending') = (claim_token IS NOT NULL)),
        CHECK (status <> 'sent' OR sent_at IS NOT NULL),
        CHECK (status <> 'failed' OR last_error IS NOT NULL)
      )`)
    this.schema.raw(
      'CREATE INDEX document_deliveries_status_index ON document_deliveries (status, last_attempt_at)'
    )
    this.schema.raw(
      'CREATE INDEX document_deliveries_organisation_index ON document_deliveries (organisation_id)'
    )
    this.schema.raw(`
      CREATE TABLE document_delivery_events (
        id serial PRIMARY KEY,
        delivery_id integer NOT NULL REFERENCES document_deliveries (id) ON DELETE CASCADE,
        event varchar(10) NOT NULL CHECK (event IN ('queued', 'sent', 'failed', 'resent', 'retried')),
        detail text NOT NULL DEFAULT '',
        user_id integer REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`)
    this.schema.raw(
      'CREATE INDEX document_delivery_events_delivery_index ON document_delivery_events (delivery_id, id)'
    )
  }

  async down() {
    this.schema.raw('DROP TABLE document_delivery_events')
    this.schema.raw('DROP TABLE document_deliveries')
  }
}
