import { BaseSchema } from '@adonisjs/lucid/schema'

/** A pool's key date (extensions) or key month (headcount) for one year, overriding the default. */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE pool_key_dates (
        cost_pool_id integer NOT NULL REFERENCES cost_pools (id) ON DELETE CASCADE,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        key_date date,
        key_month varchar(7) CHECK (key_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        PRIMARY KEY (cost_pool_id, year),
        CHECK (key_date IS NOT NULL OR key_month IS NOT NULL)
      )`)
  }

  async down() {
    this.schema.raw('DROP TABLE pool_key_dates')
  }
}
