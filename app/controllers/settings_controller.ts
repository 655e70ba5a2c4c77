import type { HttpContext } from '@adonisjs/core/http'
import { SETTING_RULES } from '#services/settings'
import { saveSettings } from '#actions/settings/save_settings'
import { settingList } from '#queries/settings/settings'
import { settingsValidator } from '#validators/settings'

/** Inställningar: the reference data in `settings` (invoices, reminders, targets), edited by the coordinator. */
export default class SettingsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('administer')
    return view.render('pages/settings/index', {
      settings: await settingList(),
      rules: SETTING_RULES,
    })
  }

  async update({ request, response, session, auth, bouncer, i18n }: HttpContext) {
    await bouncer.authorize('administer')
    const { values } = await request.validateUsing(settingsValidator)
    const result = await saveSettings(values, auth.getUserOrFail().id)
    if (!result.ok) {
      const lines = result.errors.map(({ setting, problem }) =>
        i18n.t('settings.problem', {
          setting,
          problem: i18n.t(
            `settings.problems.${problem.code}`,
            'params' in problem ? problem.params : {}
          ),
        })
      )
      session.flash('error', lines.join(' '))
      session.flashAll()
    } else {
      session.flash('success', i18n.t('settings.saved', { count: result.changed }))
    }
    return response.redirect().toRoute('settings.index')
  }
}
