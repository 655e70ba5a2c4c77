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

  test('a missing required argument is named in Swedish', async ({ assert }) => {
    const ace = (await import('@adonisjs/core/services/ace')).default
    const error = await ace.exec('fees:preview', []).then(
      () => null,
      (caught: unknown) => caught
    )
    assert.equal(await argumentErrorText(error), 'Argumentet "year" saknas')
  })
})
