import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Routine and forum categories are reference data the coordinator manages (create,
 * rename, order, archive): both get an order and an archive date, and a clean
 * installation starts with the routine categories a coordinator needs on day one (the
 * forum's three came with its table). The forum category that holds the meetings'
 * threads is marked by purpose, not found by its name, so it can be renamed.
 */
export default class extends BaseSchema {
  async up() {
    for (const table of ['routine_categories', 'forum_categories']) {
      this.schema.raw(`
        ALTER TABLE ${table}
          ADD COLUMN sort_order integer NOT NULL DEFAULT 0,
          ADD COLUMN archived_at timestamptz,
          ADD CONSTRAINT ${table}_name_not_blank CHECK (btrim(name) <> '')`)
    }
    this.schema.raw(
      `ALTER TABLE forum_categories ADD COLUMN purpose varchar(20) UNIQUE CHECK (purpose IN ('meetings'))`
    )
    this.schema.raw(`UPDATE forum_categories SET purpose = 'meetings' WHERE name = 'Allmänt'`)
    this.schema.raw(`
      UPDATE forum_categories SET sort_order = CASE name
        WHEN 'Allmänt' THEN 10 WHEN 'Vidarekoppling och hänvisning' THEN 20 WHEN 'Teknik och anknytningar' THEN 30 ELSE 100 END`)
    this.schema.raw(`
      INSERT INTO routine_categories (name, sort_order) VALUES
        ('Växeln och vidarekoppling', 10),
        ('Bemötande', 20),
        ('Anknytningar och beställningar', 30),
        ('Avvikelser och klagomål', 40)
      ON CONFLICT (name) DO NOTHING`)
  }

  async down() {
    this.schema.raw(
      `DELETE FROM routine_categories c WHERE NOT EXISTS (SELECT 1 FROM routines r WHERE r.category_id = c.id)`
    )
    this.schema.raw(`ALTER TABLE forum_categories DROP COLUMN purpose`)
    for (const table of ['routine_categories', 'forum_categories']) {
      this.schema.raw(`
        ALTER TABLE ${table}
          DROP CONSTRAINT ${table}_name_not_blank, DROP COLUMN archived_at, DROP COLUMN sort_order`)
    }
  }
}
