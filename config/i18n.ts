import app from '@adonisjs/core/services/app'
import { configProvider } from '@adonisjs/core'
import { defineConfig, loaders } from '@adonisjs/i18n'
import { cachedFormatter } from '#services/icu_formatter'
import type { FormatterFactory } from '@adonisjs/i18n/types'

/** The ICU formatter with compiled messages kept (app/services/icu_formatter.ts). */
const cachedIcu = configProvider.create<FormatterFactory>(async () => {
  return () => cachedFormatter()
})

export default defineConfig({
  defaultLocale: 'sv',
  supportedLocales: ['sv', 'en'],
  formatter: cachedIcu,
  loaders: [loaders.fs({ location: app.languageFilesPath() })],
})
