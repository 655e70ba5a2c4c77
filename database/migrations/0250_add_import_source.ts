import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Issue 16 acceptance check: the import history shows how a file came. An upload names its
 * user and the drop folder's files are known from `drop_files`, but a file through the
 * import API showed only the key's user, as if uploaded. `source` says the way in
 * (`upload` | `drop` | `api` | `command`; NULL for imports recorded before this column) and
 * `source_name` the API key's name.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE imports
        ADD COLUMN source varchar(10) CHECK (source IN ('upload', 'drop', 'api', 'command')),
        ADD COLUMN source_name varchar(255)`)
  }

  async down() {
    this.schema.raw('ALTER TABLE imports DROP COLUMN source_name, DROP COLUMN source')
  }
}
