import db from '@adonisjs/lucid/services/db'

/** Every setting with its description, in key order (the settings page). */
export function settingList() {
  return db.from('settings').orderBy('key')
}
