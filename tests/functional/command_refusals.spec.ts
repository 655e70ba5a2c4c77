/**
 * Commands refuse in Swedish without a stack trace: a folder that does not exist for
 * --out, a missing required argument.
 */
import { test } from '@japa/runner'
import { argumentErrorText } from '#services/command_failure'

async function aceText(name: string, args: string[]) {
  const ace = (await import('@adonisjs/core/services/ace')).default
  ace.ui.switchMode('raw')
  try {
    const command = await ace.exec(name, args)
    return {
      exitCode: command.exitCode,
      text: ace.ui.logger
        .getLogs()
        .map((log) => log.message)
        .join('\n'),
    }
  } finally {
    ace.ui.switchMode('normal')
  }
}

test.group('Command refusals', () => {
  test('invoices:ubl refuses an --out in a folder that does not exist, naming the folder', async ({
    assert,
  }) => {
    const result = await aceText('invoices:ubl', ['2026-00035', '--out=/nonexistent/x.xml'])
    assert.equal(result.exitCode, 1)
    assert.include(result.text, 'Mappen /nonexistent finns inte')
    assert.notInclude(result.text, 'ENOENT')
  })

  test('quality:report refuses a month before 1970 or after 2199, naming it, instead of reporting zeros', async ({
    assert,
  }) => {
    for (const period of ['1900-01', '9999-12']) {
      const result = await aceText('quality:report', [period])
      assert.equal(result.exitCode, 1, period)
      assert.include(result.text, `Perioden ${period} ligger utanför 1970-01 … 2199-12.`)
    }
  })

  test('a missing required argument is named in Swedish', async ({ assert }) => {
    const ace = (await import('@adonisjs/core/services/ace')).default
    const error = await ace.exec('fees:preview', []).then(
      () => null,
      (caught: unknown) => caught
    )
    assert.equal(await argumentErrorText(error), 'Argumentet "year" saknas')
  })
})
