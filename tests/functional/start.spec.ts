/**
 * `npm start` (bin/start.ts) with a database of its own (DATABASE_URL: no embedded server):
 * the web server is booted beside the migrations and the demo and answers only once they
 * are done; Ctrl-C or SIGTERM, early or late, leaves no process of it running.
 */
import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createScratchDatabase,
  dropScratchDatabase,
  scratchUrl,
} from '#tests/helpers/scratch_database'
import { appProcessEnv, freePort, startNode } from '#tests/helpers/processes'

const appRoot = new URL('../../', import.meta.url).pathname
const DATABASE = `vx_start_${process.pid}`
const START = ['--import=@poppinss/ts-exec', 'bin/start.ts']

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The processes started by `pid` (its children), by pid. */
function childrenOf(pid: number) {
  const ps = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
  return ps.stdout.split('\n').filter(Boolean).map(Number)
}

/** Whether a process still runs: one that has ended but is not yet reaped (a zombie) has not. */
function alive(pid: number) {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  const stat = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout
  return !stat.trim().startsWith('Z')
}

test.group('npm start (bin/start.ts)', (group) => {
  let storage: string
  let env: NodeJS.ProcessEnv
  let port: number
  group.each.setup(async () => {
    storage = await mkdtemp(join(tmpdir(), 'vx-start-'))
    port = await freePort()
    env = appProcessEnv({ databaseUrl: scratchUrl(DATABASE), port, storage })
    return async () => {
      await dropScratchDatabase(DATABASE)
      await rm(storage, { recursive: true, force: true })
    }
  })

  test('on a database with the demo: the login page is served after the demo step, and SIGTERM ends every process it started', async ({
    assert,
  }) => {
    const database = await createScratchDatabase(DATABASE, { migrated: true })
    await database.table('app_state').insert({ key: 'demo_complete', value: 'test' })
    const start = startNode(START, { cwd: appRoot, env })
    let status: number | null = null
    for (let waited = 0; status !== 200 && waited < 60_000; waited += 100) {
      status = await fetch(`http://127.0.0.1:${port}/logga-in`).then(
        (response) => response.status,
        () => null
      )
      if (status !== 200) await sleep(100)
      assert.isNull(start.child.exitCode, start.output())
    }
    assert.equal(status, 200, start.output())
    const output = start.output()
    assert.include(output, 'finns redan')
    assert.isBelow(output.indexOf('finns redan'), output.indexOf('startar på'))
    const children = childrenOf(start.child.pid!)
    assert.lengthOf(children, 1, 'the web server')

    start.child.kill('SIGTERM')
    assert.equal(await start.exited, 0, start.output())
    assert.isFalse(alive(children[0]), 'the web server ended')
  }).timeout(90_000)

  test('Ctrl-C while the demo loads ends the demo and the waiting web server; nothing was served', async ({
    assert,
  }) => {
    const database = await createScratchDatabase(DATABASE)
    const start = startNode(START, { cwd: appRoot, env })
    // the demo is under way once its users exist
    for (let waited = 0; ; waited += 100) {
      assert.isBelow(waited, 60_000, start.output())
      const users = await database
        .from('users')
        .count('* as n')
        .then((rows) => Number(rows[0].n))
        .catch(() => 0)
      if (users > 0) break
      await sleep(100)
    }
    const children = childrenOf(start.child.pid!)
    assert.lengthOf(children, 2, 'the demo and the web server')
    assert.isNull(
      await fetch(`http://127.0.0.1:${port}/logga-in`).then(
        (response) => response.status,
        () => null
      ),
      'no page before the demo is complete'
    )

    start.child.kill('SIGINT')
    assert.equal(await start.exited, 130, start.output())
    for (const pid of children) assert.isFalse(alive(pid), `process ${pid} ended`)
    assert.notExists(await database.from('app_state').where('key', 'demo_complete').first())
  }).timeout(90_000)
})
