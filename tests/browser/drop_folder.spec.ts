/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { axeViolations, logIn } from '#tests/helpers/browser'
import { UserFactory } from '#database/factories/user_factory'
import { OrganisationFactory } from '#database/factories/organisation_factory'
import { pollDropFolder } from '#actions/imports/process_drop_folder'

test.group('Browser / supplier files that arrive by themselves (docs/adr/0028 §2)', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('the coordinator is notified of a dropped file and reads its report in the import history; the pages pass axe-core', async ({
    visit,
    assert,
  }) => {
    const folder = await mkdtemp(join(tmpdir(), 'vx-drop-browser-'))
    try {
      const coordinator = await UserFactory.create()
      await OrganisationFactory.merge({ code: 'SDF-BROMMA', name: 'Bromma' }).create()
      await writeFile(
        join(folder, 'anstallda.csv'),
        'Organisation;Månad;Antal anställda\nSDF-BROMMA;2025-10;1250\n'
      )
      await writeFile(join(folder, 'okand.csv'), 'Namn;Telefon\nAnna;123\n')
      const state = new Map()
      await pollDropFolder(folder, state)
      await pollDropFolder(folder, state)

      const page = await visit('/logga-in')
      await logIn(page, coordinator)
      await page.goto('/aviseringar')
      await page.assertTextContains('main', 'Leverantörsfilen okand.csv avvisades')
      await page.assertTextContains('main', 'Leverantörsfilen anstallda.csv lästes in')
      assert.deepEqual(await axeViolations(page), [])

      await page.goto('/administration/importer')
      await page.getByText('Visa rapporten okand.csv').click()
      await page.assertTextContains('main', 'Rubrikraden känns inte igen')
      await page.assertTextContains('main', 'Inkorgsmappen')
      assert.deepEqual(await axeViolations(page), [])
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })

  test('the coordinator makes an import key for the supplier on the user page; it is shown once and listed with its permission; axe-core finds nothing', async ({
    visit,
    assert,
  }) => {
    const coordinator = await UserFactory.create()
    const integration = await UserFactory.merge({ fullName: 'Leverantörens system' })
      .apply('controller')
      .create()
    const page = await visit('/logga-in')
    await logIn(page, coordinator)
    await page.goto(`/administration/anvandare/${integration.id}/redigera`)
    await page.getByLabel('Namn på nyckeln').fill('Leverantörens SFTP')
    await page.getByLabel('Behörighet').selectOption({ label: 'Importera filer' })
    await page.getByRole('button', { name: 'Skapa API-nyckel' }).click()
    await page.assertTextContains('.alert-warning', 'API-nyckeln är skapad.')
    assert.match(await page.locator('.alert-warning code').innerText(), /^vxn_/)
    await page.assertTextContains('main', 'Leverantörens SFTP (Importera filer)')
    assert.deepEqual(await axeViolations(page), [])
  })
})
