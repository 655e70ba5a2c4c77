import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Quality figures computed at the end of the call import that changed them (issue 18
 * point 2, docs/adr/0034): the month view's figures for the months the import wrote, under
 * the data state (app/queries/quality/quality_cache.ts) they were computed in. A reader in
 * that state takes them instead of computing them, so the first view after an import is as
 * fast as every later one. A row of another state is never read (the state names every
 * change), so the table is only a store of results, pruned by the next precomputation.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE quality_precomputed (
        state text NOT NULL,
        key text NOT NULL,
        value jsonb NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (state, key)
      )`)
  }

  async down() {
    this.schema.raw('DROP TABLE quality_precomputed')
  }
}
