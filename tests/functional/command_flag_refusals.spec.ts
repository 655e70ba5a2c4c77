/**
 * A command's options refused in Swedish, with no stack trace: an option given without its
 * value (`quality:report --from=`), an option the command does not have (`--frm`), as for a
 * missing argument (FORMATS.md, command-line contract).
 */
import { test } from '@japa/runner'
import { argumentErrorText, stderrDetail } from '#services/command_failure'

async function parseError(name: string, args: string[]) {
  const ace = (await import('@adonisjs/core/services/ace')).default
  return ace.exec(name, args).then(
    () => null,
    (caught: unknown) => caught
  )
}

test.group('Command option refusals', () => {
  test('an option without its value is named in Swedish', async ({ assert }) => {
    const error = await parseError('quality:report', ['--from=', '--to=2026-01-31'])
    assert.equal(await argumentErrorText(error), 'Flaggan "--from" saknar ett värde')
  })

  test('an option the command does not have is named in Swedish', async ({ assert }) => {
    const error = await parseError('quality:report', ['--frm=2026-01-01'])
    assert.equal(await argumentErrorText(error), 'Flaggan "--frm" finns inte för det här kommandot')
  })

  test('with --json an argument error leaves stderr its Swedish line, not a stack trace', async ({
    assert,
  }) => {
    const error = await parseError('fees:preview', [])
    assert.equal(await stderrDetail(error), 'Argumentet "year" saknas')
    const crash = new Error('disk full')
    assert.strictEqual(await stderrDetail(crash), crash)
  })
})
