import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One search index over published routines, forum posts and network meetings (agenda
 * and minutes). Triggers on the source tables keep it current on every write, whatever
 * code path wrote. Text is folded before indexing (lower case including Å/Ä/Ö, which a
 * C-locale database does not lower) for the `swedish` text-search configuration, and
 * folded to ASCII for pg_trgm (which splits words at non-ASCII letters in a C locale),
 * so compounds and typos still hit. See docs/adr/0006-search.md. Functions are created
 * OR REPLACE: `migration:fresh` drops tables but leaves functions behind.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION search_fold(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN translate(lower(value), 'ÅÄÖÉÈÜ', 'åäöéèü')`)
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION search_ascii(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN translate(search_fold(value), 'åäöéèü', 'aaoeeu')`)
    this.schema.raw(`
      CREATE TABLE search_documents (
        id serial PRIMARY KEY,
        kind varchar(10) NOT NULL CHECK (kind IN ('routine', 'post', 'meeting')),
        source_id integer NOT NULL,
        thread_id integer,
        title text NOT NULL,
        body text NOT NULL,
        hidden boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        document tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('swedish', search_fold(title)), 'A') ||
          setweight(to_tsvector('swedish', search_fold(body)), 'B')
        ) STORED,
        trigrams text GENERATED ALWAYS AS (search_ascii(title || ' ' || body)) STORED,
        UNIQUE (kind, source_id)
      )`)
    this.schema.raw(
      'CREATE INDEX search_documents_document_index ON search_documents USING gin (document)'
    )
    this.schema.raw(
      'CREATE INDEX search_documents_trigram_index ON search_documents USING gin (trigrams gin_trgm_ops)'
    )

    this.schema.raw(`
      CREATE OR REPLACE FUNCTION search_index_post() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM search_documents WHERE kind = 'post' AND source_id = OLD.id;
          RETURN OLD;
        END IF;
        INSERT INTO search_documents (kind, source_id, thread_id, title, body, hidden)
          SELECT 'post', NEW.id, NEW.thread_id, t.title, NEW.body, NEW.hidden FROM forum_threads t WHERE t.id = NEW.thread_id
        ON CONFLICT (kind, source_id) DO UPDATE
          SET thread_id = EXCLUDED.thread_id, title = EXCLUDED.title, body = EXCLUDED.body,
              hidden = EXCLUDED.hidden, updated_at = now();
        RETURN NEW;
      END $$`)
    this.schema.raw(`
      CREATE TRIGGER forum_posts_search AFTER INSERT OR UPDATE OF body, hidden, thread_id OR DELETE ON forum_posts
      FOR EACH ROW EXECUTE FUNCTION search_index_post()`)
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION search_index_thread_title() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE search_documents SET title = NEW.title, updated_at = now() WHERE kind = 'post' AND thread_id = NEW.id;
        RETURN NEW;
      END $$`)
    this.schema.raw(`
      CREATE TRIGGER forum_threads_search AFTER UPDATE OF title ON forum_threads
      FOR EACH ROW EXECUTE FUNCTION search_index_thread_title()`)

    // a routine is found by its latest published version; drafts are not searched
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION search_index_routine_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_documents (kind, source_id, title, body)
          VALUES ('routine', NEW.routine_id, NEW.title, NEW.body)
        ON CONFLICT (kind, source_id) DO UPDATE
          SET title = EXCLUDED.title, body = EXCLUDED.body, updated_at = now();
        RETURN NEW;
      END $$`)
    this.schema.raw(`
      CREATE TRIGGER routine_versions_search AFTER INSERT ON routine_versions
      FOR EACH ROW EXECUTE FUNCTION search_index_routine_version()`)
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION search_remove_routine() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM search_documents WHERE kind = 'routine' AND source_id = OLD.id;
        RETURN OLD;
      END $$`)
    this.schema.raw(`
      CREATE TRIGGER routines_search AFTER DELETE ON routines
      FOR EACH ROW EXECUTE FUNCTION search_remove_routine()`)

    this.schema.raw(`
      CREATE OR REPLACE FUNCTION search_index_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM search_documents WHERE kind = 'meeting' AND source_id = OLD.id;
          RETURN OLD;
        END IF;
        INSERT INTO search_documents (kind, source_id, title, body)
          VALUES ('meeting', NEW.id, NEW.title, NEW.agenda || E'\\n\\n' || coalesce(NEW.minutes, ''))
        ON CONFLICT (kind, source_id) DO UPDATE
          SET title = EXCLUDED.title, body = EXCLUDED.body, updated_at = now();
        RETURN NEW;
      END $$`)
    this.schema.raw(`
      CREATE TRIGGER meetings_search AFTER INSERT OR UPDATE OF title, agenda, minutes OR DELETE ON meetings
      FOR EACH ROW EXECUTE FUNCTION search_index_meeting()`)

    // what existed before the index
    this.schema.raw(`
      INSERT INTO search_documents (kind, source_id, thread_id, title, body, hidden)
        SELECT 'post', p.id, p.thread_id, t.title, p.body, p.hidden FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id`)
    this.schema.raw(`
      INSERT INTO search_documents (kind, source_id, title, body)
        SELECT DISTINCT ON (routine_id) 'routine', routine_id, title, body FROM routine_versions ORDER BY routine_id, version DESC`)
    this.schema.raw(`
      INSERT INTO search_documents (kind, source_id, title, body)
        SELECT 'meeting', id, title, agenda || E'\\n\\n' || coalesce(minutes, '') FROM meetings`)
  }

  async down() {
    this.schema.raw('DROP TRIGGER meetings_search ON meetings')
    this.schema.raw('DROP TRIGGER routines_search ON routines')
    this.schema.raw('DROP TRIGGER routine_versions_search ON routine_versions')
    this.schema.raw('DROP TRIGGER forum_threads_search ON forum_threads')
    this.schema.raw('DROP TRIGGER forum_posts_search ON forum_posts')
    this.schema.raw('DROP TABLE search_documents')
    this.schema.raw(
      'DROP FUNCTION search_index_meeting, search_remove_routine, search_index_routine_version, search_index_thread_title, search_index_post, search_ascii, search_fold'
    )
  }
}
