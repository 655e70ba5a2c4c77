/**
 * A real installation's first day: an empty database gets only the migrations, the first
 * coordinator comes from `node ace users:create`, and everything else is done over HTTP
 * against the app started as its own process — no demo data anywhere.
 */
import { test } from '@japa/runner'
import { readFile, rm, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createScratchDatabase,
  dropScratchDatabase,
  scratchUrl,
} from '#tests/helpers/scratch_database'
import { freePort, startNode, waitForHttp } from '#tests/helpers/processes'
import { HttpVisitor } from '#tests/helpers/browserless_session'

const appRoot = new URL('../../', import.meta.url).pathname
const DATABASE = `vx_first_day_${process.pid}`

test.group('A real installation / the first day', (group) => {
  let storage: string
  group.setup(async () => {
    await createScratchDatabase(DATABASE)
    storage = await mkdtemp(join(tmpdir(), 'vx-first-day-'))
    return async () => {
      await dropScratchDatabase(DATABASE)
      await rm(storage, { recursive: true, force: true })
    }
  })

  test('migrations alone, the first coordinator from users:create, then log in, set a password, import organisations, publish a routine, open a thread, schedule a meeting, create a survey', async ({
    assert,
  }) => {
    const port = await freePort()
    const env = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: scratchUrl(DATABASE),
      PORT: String(port),
      HOST: '127.0.0.1',
      STORAGE_PATH: storage,
      LOG_LEVEL: 'warn',
      SESSION_DRIVER: 'database',
    }
    const migrated = startNode(['ace.js', 'migration:run', '--force'], { cwd: appRoot, env })
    assert.equal(await migrated.exited, 0, migrated.output())
    const created = startNode(
      [
        'ace.js',
        'users:create',
        'samordnare@ny-stad.example',
        '--role=samordnare',
        '--name=Första Samordnaren',
        '--json',
      ],
      { cwd: appRoot, env }
    )
    assert.equal(await created.exited, 0, created.output())
    const { oneTimePassword } = JSON.parse(created.output())

    const server = startNode(['--import=@poppinss/ts-exec', 'bin/server.ts'], { cwd: appRoot, env })
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health/live`, server, 60_000)
      const visitor = new HttpVisitor(`http://127.0.0.1:${port}`)

      await visitor.get('/logga-in')
      const login = await visitor.submit('/logga-in', {
        email: 'samordnare@ny-stad.example',
        password: oneTimePassword,
      })
      assert.equal(login.location, '/konto/losenord')
      await visitor.get('/konto/losenord')
      const changed = await visitor.submit(
        '/konto/losenord',
        {
          currentPassword: oneTimePassword,
          newPassword: 'Stadens-egna-växel-2027',
          newPassword_confirmation: 'Stadens-egna-växel-2027',
        },
        { method: 'PUT' }
      )
      assert.equal(changed.location, '/oversikt')
      assert.equal((await visitor.get('/oversikt')).status, 200)

      await visitor.get('/administration/import/organisations')
      const imported = await visitor.upload(
        '/administration/import/organisations',
        'organisationer.csv',
        await readFile(join(appRoot, 'tests/fixtures/organisations/valid_excel.csv'))
      )
      assert.equal(imported.status, 302, imported.text)
      const importPage = await visitor.get(imported.location!)
      assert.include(importPage.text, 'Inläst')

      const routineForm = await visitor.get('/rutiner/ny')
      const categoryId = /<option value="(\d+)"[^>]*>Växeln och vidarekoppling<\/option>/.exec(
        routineForm.text
      )![1]
      const draft = await visitor.submit('/rutiner', {
        categoryId,
        title: 'Vidarekoppling vid frånvaro',
        body: 'Koppla om telefonen när du går.',
        requiresAcknowledgement: 'true',
      })
      const routineId = /\/rutiner\/(\d+)\/redigera/.exec(draft.location!)![1]
      await visitor.get(draft.location!)
      const published = await visitor.submit(`/rutiner/${routineId}/publicera`, {
        changeNote: 'Första versionen',
      })
      assert.equal(published.status, 302)
      assert.include(
        (await visitor.get(`/rutiner/${routineId}`)).text,
        'Koppla om telefonen när du går.'
      )

      const threadForm = await visitor.get('/forum/ny')
      const forumCategoryId = /<option value="(\d+)"[^>]*>Allmänt<\/option>/.exec(
        threadForm.text
      )![1]
      const thread = await visitor.submit('/forum', {
        categoryId: forumCategoryId,
        title: 'Välkomna till forumet',
        body: 'Här hjälps vi åt.',
      })
      assert.match(thread.location!, /^\/forum\/\d+$/)

      await visitor.get('/natverkstraffar/ny')
      const meeting = await visitor.submit('/natverkstraffar', {
        title: 'Första nätverksträffen',
        date: '2027-02-10',
        startTime: '13:00',
        endTime: '15:00',
        place: 'Stadshuset',
        videoUrl: '',
        agenda: 'Presentation',
        period: '',
      })
      assert.match(meeting.location!, /^\/natverkstraffar\/\d+$/)

      await visitor.get('/enkater/ny')
      const survey = await visitor.submit('/enkater', {
        title: 'Nöjdhet 2027',
        year: '2027',
        questions: 'Hur nöjd är du med stödet?\nHur nöjd är du med informationen?',
      })
      assert.match(survey.location!, /^\/enkater\/\d+$/)
      assert.include((await visitor.get(survey.location!)).text, 'Nöjdhet 2027')
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
    }
  }).timeout(180_000)
})
