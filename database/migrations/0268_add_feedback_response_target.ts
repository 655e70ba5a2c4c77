import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Issue 16 attack pass: the response target (setting `feedback_response_target_hours`) was read
 * when a page or report was shown, so changing it rewrote past months' reports. Each feedback
 * now keeps the target in force when it was forwarded; rows forwarded before this column get
 * the target in force now (the best that is known), and the reads fall back to the setting
 * only for a NULL.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      ALTER TABLE organisation_feedback
        ADD COLUMN response_target_hours integer CHECK (response_target_hours >= 1)`)
    this.defer(async (db) => {
      const setting = await db
        .from('settings')
        .where('key', 'feedback_response_target_hours')
        .first()
      const hours = /^\d+$/.test(String(setting?.value ?? '')) ? Number(setting.value) : 24
      await db
        .from('organisation_feedback')
        .whereNull('response_target_hours')
        .update({ response_target_hours: hours >= 1 ? hours : 24 })
    })
  }

  async down() {
    this.schema.raw('ALTER TABLE organisation_feedback DROP COLUMN response_target_hours')
  }
}
