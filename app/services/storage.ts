/**
 * Where stored files live — issued PDFs, meeting minutes, uploads waiting for their job —
 * behind one interface with two backends (docs/adr/0018):
 *
 * - `local` (default): a folder, `STORAGE_PATH` (absolute, or relative to the app;
 *   `storage/` when unset). Several instances share it as a network volume. A new file is
 *   created exclusively and flushed to disk with its folder before it is reported written.
 * - `s3`: a bucket of an S3-compatible object store (`STORAGE_DRIVER=s3`, `S3_*`); a
 *   finished PUT is durable, and the names are unique, so nothing is overwritten.
 *
 * Paths are relative (`invoices/2026/2026-00001.<random>.pdf`), the same in both. The test
 * run and the benchmarks use their own folder so they never touch a running app's files.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, unlink } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, sep } from 'node:path'
import { tmpdir } from 'node:os'
import { pipeline } from 'node:stream/promises'
import app from '@adonisjs/core/services/app'

export interface StoredObject {
  /** relative to the storage, `/`-separated */
  path: string
  modified: Date
}

export interface StorageBackend {
  /** where the files are, for messages: a folder or `s3://bucket/prefix` */
  readonly location: string
  /** where one file is, for messages */
  locate(path: string): string
  /**
   * Write a new file (never an existing one), durably; throws with `code` and `path` on
   * failure. `{ folderLater: true }`: the file's own content is durable, its folder entry
   * only once `flushFolder` has run for it (many files, one flush of their folder).
   */
  createNew(path: string, content: Buffer, options?: { folderLater?: boolean }): Promise<void>
  /** Make the entries of the files written into `folder` with `folderLater` durable. */
  flushFolder(folder: string): Promise<void>
  /** Stream a local file in as `path` (an upload). */
  upload(path: string, localFile: string): Promise<void>
  /** The content, or null when there is no such file. */
  read(path: string): Promise<Buffer | null>
  /** Remove a file; one that is already gone is fine. */
  remove(path: string): Promise<void>
  /** The files under `folder` ('' for all), with when they were written. */
  list(folder: string): Promise<StoredObject[]>
  /** Run `work` with the file as a local path (the call import reads a file). */
  withLocalFile<T>(path: string, work: (localPath: string) => Promise<T>): Promise<T>
}

/** The folder of the local backend: STORAGE_PATH or `storage/` in the app. */
export function storageRoot() {
  const root = process.env.STORAGE_PATH
  return root ? (isAbsolute(root) ? root : app.makePath(root)) : app.makePath('storage')
}

/** A path in the local storage folder (the local backend's files; tests look at them). */
export function storagePath(...parts: string[]) {
  return join(storageRoot(), ...parts)
}

async function fsyncFolder(folder: string) {
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export class LocalStorage implements StorageBackend {
  constructor(readonly root: string) {}

  get location() {
    return this.root
  }

  locate(path: string) {
    return join(this.root, path)
  }

  async createNew(path: string, content: Buffer, options: { folderLater?: boolean } = {}) {
    const absolute = this.locate(path)
    try {
      await mkdir(dirname(absolute), { recursive: true })
      const handle = await open(absolute, 'wx')
      try {
        await handle.writeFile(content)
        await handle.sync()
      } finally {
        await handle.close()
      }
      if (!options.folderLater) await fsyncFolder(dirname(absolute))
    } catch (error) {
      // a file this call did not create is never removed
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await unlink(absolute).catch(() => {})
      throw error
    }
  }

  async flushFolder(folder: string) {
    await fsyncFolder(this.locate(folder))
  }

  async upload(path: string, localFile: string) {
    const absolute = this.locate(path)
    await mkdir(dirname(absolute), { recursive: true })
    await pipeline(createReadStream(localFile), createWriteStream(absolute, { flags: 'wx' }))
  }

  async read(path: string) {
    try {
      return await readFile(this.locate(path))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  async remove(path: string) {
    await unlink(this.locate(path)).catch((error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    })
  }

  async list(folder: string) {
    const top = this.locate(folder)
    const entries = await readdir(top, { recursive: true, withFileTypes: true }).catch((error) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    })
    const files: StoredObject[] = []
    for (const entry of entries) {
      if (!entry.isFile()) continue
      const absolute = join(entry.parentPath, entry.name)
      const info = await stat(absolute).catch(() => null)
      if (info)
        files.push({
          path: relative(this.root, absolute).split(sep).join('/'),
          modified: info.mtime,
        })
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }

  async withLocalFile<T>(path: string, work: (localPath: string) => Promise<T>) {
    return work(this.locate(path))
  }
}

export interface S3Settings {
  bucket: string
  region: string
  endpoint?: string
  prefix?: string
  forcePathStyle?: boolean
  accessKeyId?: string
  secretAccessKey?: string
}

/** An S3-compatible object store (AWS S3, MinIO, a city's on-premises store). */
export class S3Storage implements StorageBackend {
  #client: Promise<import('@aws-sdk/client-s3').S3Client>
  #prefix: string

  constructor(readonly settings: S3Settings) {
    this.#prefix = settings.prefix ? settings.prefix.replace(/\/+$/, '') + '/' : ''
    this.#client = import('@aws-sdk/client-s3').then(
      ({ S3Client }) =>
        new S3Client({
          region: settings.region,
          endpoint: settings.endpoint,
          forcePathStyle: settings.forcePathStyle,
          // checksums only where S3 requires them: many S3-compatible stores (and older
          // versions of them) do not read the newer chunked uploads with trailing checksums
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
          credentials:
            settings.accessKeyId && settings.secretAccessKey
              ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
              : undefined,
        })
    )
  }

  get location() {
    return `s3://${this.settings.bucket}/${this.#prefix}`
  }

  locate(path: string) {
    return `${this.location}${path}`
  }

  #key(path: string) {
    return this.#prefix + path
  }

  async #send<T>(
    command: (sdk: typeof import('@aws-sdk/client-s3')) => any,
    path: string
  ): Promise<T> {
    const sdk = await import('@aws-sdk/client-s3')
    try {
      const client = await this.#client
      return (await client.send(command(sdk))) as T
    } catch (error) {
      const failure = error as Error & {
        code?: string
        path?: string
        $metadata?: { httpStatusCode?: number }
      }
      failure.code ??= failure.name
      failure.path ??= this.locate(path)
      throw failure
    }
  }

  async createNew(path: string, content: Buffer) {
    // IfNoneMatch: a store that honours it refuses to overwrite; the names are unique anyway
    await this.#send(
      (sdk) =>
        new sdk.PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.#key(path),
          Body: content,
          IfNoneMatch: '*',
        }),
      path
    )
  }

  /** a finished PUT is durable: nothing to flush */
  async flushFolder() {}

  async upload(path: string, localFile: string) {
    const { size } = await stat(localFile)
    await this.#send(
      (sdk) =>
        new sdk.PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.#key(path),
          Body: createReadStream(localFile),
          ContentLength: size,
        }),
      path
    )
  }

  async read(path: string) {
    try {
      const object = await this.#send<{ Body?: { transformToByteArray(): Promise<Uint8Array> } }>(
        (sdk) => new sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: this.#key(path) }),
        path
      )
      return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : Buffer.alloc(0)
    } catch (error) {
      if (
        (error as { code?: string }).code === 'NoSuchKey' ||
        (error as { code?: string }).code === 'NotFound'
      )
        return null
      throw error
    }
  }

  async remove(path: string) {
    await this.#send(
      (sdk) => new sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.#key(path) }),
      path
    )
  }

  async list(folder: string) {
    const files: StoredObject[] = []
    let token: string | undefined
    do {
      const page = await this.#send<{
        Contents?: { Key?: string; LastModified?: Date }[]
        NextContinuationToken?: string
      }>(
        (sdk) =>
          new sdk.ListObjectsV2Command({
            Bucket: this.settings.bucket,
            Prefix: this.#key(folder ? `${folder.replace(/\/+$/, '')}/` : ''),
            ContinuationToken: token,
          }),
        folder
      )
      for (const item of page.Contents ?? []) {
        if (item.Key)
          files.push({
            path: item.Key.slice(this.#prefix.length),
            modified: item.LastModified ?? new Date(0),
          })
      }
      token = page.NextContinuationToken
    } while (token)
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }

  async withLocalFile<T>(path: string, work: (localPath: string) => Promise<T>) {
    const folder = await mkdtemp(join(tmpdir(), 'vaxelnavet-'))
    try {
      const local = join(folder, 'file')
      const object = await this.#send<{ Body?: NodeJS.ReadableStream }>(
        (sdk) => new sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: this.#key(path) }),
        path
      )
      await pipeline(object.Body as NodeJS.ReadableStream, createWriteStream(local))
      return await work(local)
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  }
}

/** The S3 settings from the environment, or the names of those missing. */
export function s3SettingsFromEnv(
  env: NodeJS.ProcessEnv = process.env
): S3Settings | { missing: string[] } {
  const missing = ['S3_BUCKET'].filter((name) => !env[name])
  if (missing.length > 0) return { missing }
  return {
    bucket: env.S3_BUCKET!,
    region: env.S3_REGION || 'eu-north-1',
    endpoint: env.S3_ENDPOINT || undefined,
    prefix: env.S3_PREFIX || undefined,
    forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
  }
}

let chosen: StorageBackend | null = null
let s3: { key: string; backend: S3Storage } | null = null

/** The configured storage (STORAGE_DRIVER: `local`, the default, or `s3`). */
export function storage(): StorageBackend {
  if (chosen) return chosen
  if (process.env.STORAGE_DRIVER === 's3') {
    const settings = s3SettingsFromEnv()
    if ('missing' in settings)
      throw new Error(`STORAGE_DRIVER=s3 needs ${settings.missing.join(', ')}`)
    const key = JSON.stringify(settings)
    if (s3?.key !== key) s3 = { key, backend: new S3Storage(settings) }
    return s3.backend
  }
  return new LocalStorage(storageRoot())
}

/** Use `backend` until the returned function puts the configured one back (tests). */
export function useStorage(backend: StorageBackend) {
  chosen = backend
  return () => {
    chosen = null
  }
}
