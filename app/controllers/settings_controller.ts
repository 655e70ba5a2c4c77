import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { SETTING_RULES, saveSettings } from '#services/settings'

const settingsValidator = vine.create({ values: vine.record(vine.string().trim().maxLength(300)) })

/** Inställningar: the reference data in `settings` (invoices, reminders, targets), edited by the coordinator. */
export default class SettingsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/settings/index', {
      settings: await db.from('settings').orderBy('key'),
      rules: SETTING_RULES,
    })
  }

  async update({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const { values } = await request.validateUsing(settingsValidator)
    const result = await saveSettings(values, auth.getUserOrFail().id)
    if (!result.ok) {
      session.flash('error', result.errors.join(' '))
      session.flashAll()
    } else {
      session.flash('success', i18n.t('settings.saved', { count: result.changed }))
    }
    return response.redirect().toRoute('settings.index')
  }
}
