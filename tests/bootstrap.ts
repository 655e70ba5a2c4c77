import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import { browserClient } from '@japa/browser-client'
import { launchChromium } from '#tests/helpers/chromium'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { sessionBrowserClient } from '@adonisjs/session/plugins/browser_client'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import { authBrowserClient } from '@adonisjs/auth/plugins/browser_client'
import { shieldApiClient } from '@adonisjs/shield/plugins/api_client'
import { markPhase, timings } from '#tests/helpers/timings'
import { reuseHashPerPassword } from '#tests/helpers/password_hashes'

export const plugins: Config['plugins'] = [
  assert(),
  pluginAdonisJS(app),
  apiClient(),
  sessionApiClient(app),
  shieldApiClient(),
  authApiClient(app),
  browserClient({
    runInSuites: ['browser'],
    launcher: launchChromium,
  }),
  sessionBrowserClient(app),
  authBrowserClient(app),
  // TEST_TIMINGS=1: where the run's time goes (suites, slowest files and tests)
  timings(),
]

/**
 * A fresh schema from the migrations at the start of every run; factories' users share one
 * scrypt hash per password (tests/helpers/password_hashes.ts).
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    async () => {
      reuseHashPerPassword()
      const ace = await app.container.make('ace')
      const command = await ace.exec('migration:fresh', [])
      if (command.exitCode) throw command.error ?? new Error('migration:fresh failed')
      markPhase('migrated')
    },
  ],
  // the migrated template of the scratch databases, if a test made one
  teardown: [
    async () => {
      const { dropMigratedTemplate } = await import('#tests/helpers/scratch_database')
      await dropMigratedTemplate()
    },
  ],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}
