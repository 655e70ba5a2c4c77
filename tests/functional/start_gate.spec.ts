/**
 * `npm start` boots the web server beside the migrations and the demo (bin/start.ts,
 * app/services/start_gate.ts): such a server reads nothing from the database, takes no job
 * and opens no port until it is told the data is ready — and ends, without serving, when
 * it is never told.
 */
import { test } from '@japa/runner'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createScratchDatabase,
  dropScratchDatabase,
  scratchUrl,
} from '#tests/helpers/scratch_database'
import { appProcessEnv, freePort } from '#tests/helpers/processes'
import { migrateDatabase } from '#services/migrations'
import { START_GATE_OPEN, START_GATE_WAITING } from '#services/start_gate'

const appRoot = new URL('../../', import.meta.url).pathname
const DATABASE = `vx_start_gate_${process.pid}`

/** bin/server.ts as npm start runs it beside the demo: gated, with an IPC channel. */
function gatedServer(port: number, storage: string) {
  const env: NodeJS.ProcessEnv = {
    ...appProcessEnv({ databaseUrl: scratchUrl(DATABASE), port, storage }),
    JOB_POLL_SECONDS: '1',
    START_GATE: 'ipc',
  }
  const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: appRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  const waiting = new Promise<void>((resolve, reject) => {
    child.on('message', (message) => message === START_GATE_WAITING && resolve())
    void exited.then(([code]) => reject(new Error(`the server ended (${code}):\n${output}`)))
  })
  return { child, output: () => output, exited, waiting }
}

const answers = (url: string) =>
  fetch(url, { redirect: 'manual' }).then(
    (response) => response.status,
    () => null
  )

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function stopServer(child: ChildProcess, exited: Promise<unknown>) {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

test.group('npm start / the web server booted beside the demo', (group) => {
  let storage: string
  group.each.setup(async () => {
    storage = await mkdtemp(join(tmpdir(), 'vx-start-gate-'))
    return async () => {
      await dropScratchDatabase(DATABASE)
      await rm(storage, { recursive: true, force: true })
    }
  })

  test('it boots on a database without tables, takes no job and opens no port until told; then it serves and runs the queued job', async ({
    assert,
  }) => {
    // no migrations yet: a server that read a table while waiting would fail
    const database = await createScratchDatabase(DATABASE)
    const port = await freePort()
    const server = gatedServer(port, storage)
    try {
      await server.waiting
      assert.isNull(await answers(`http://127.0.0.1:${port}/logga-in`), 'no port before the gate')

      // what the demo's process does meanwhile: the migrations, then data (here: a job)
      await migrateDatabase(DATABASE)
      const [job] = await database
        .table('jobs')
        .insert({ type: 'gate-test', payload: JSON.stringify({}) })
        .returning('id')
      await sleep(2500) // more than two polls of the job worker, had it started
      const held = await database.from('jobs').where('id', job.id).firstOrFail()
      assert.equal(held.status, 'queued', 'no job taken before the gate')
      assert.isNull(await answers(`http://127.0.0.1:${port}/logga-in`), 'still no port')
      assert.isNull(server.child.exitCode, server.output())
      assert.notMatch(server.output(), /error|does not exist/i)

      server.child.send(START_GATE_OPEN)
      let status: number | null = null
      for (let waited = 0; status !== 200 && waited < 30_000; waited += 100) {
        status = await answers(`http://127.0.0.1:${port}/logga-in`)
        if (status !== 200) await sleep(100)
      }
      assert.equal(status, 200, server.output())
      // the job worker runs now: the job of an unknown type is taken and failed
      let after = held
      for (let waited = 0; after.status === 'queued' && waited < 10_000; waited += 200) {
        await sleep(200)
        after = await database.from('jobs').where('id', job.id).firstOrFail()
      }
      assert.equal(after.status, 'failed')
      assert.match(after.last_error, /gate-test/)
    } finally {
      await stopServer(server.child, server.exited)
    }
    // a graceful stop after the gate ends the process (the channel does not keep it alive)
    const [code] = await server.exited
    assert.equal(code, 0, server.output())
  }).timeout(90_000)

  test('a server whose npm start goes away before the data is ready ends without serving', async ({
    assert,
  }) => {
    await createScratchDatabase(DATABASE)
    const port = await freePort()
    const server = gatedServer(port, storage)
    try {
      await server.waiting
      server.child.disconnect()
      const [code] = await server.exited
      assert.equal(code, 0, server.output())
      assert.isNull(await answers(`http://127.0.0.1:${port}/logga-in`))
    } finally {
      await stopServer(server.child, server.exited)
    }
  }).timeout(60_000)
})
