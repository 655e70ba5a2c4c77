/**
 * Readiness: can this instance serve? The database answers, every migration on disk has
 * run, and the storage folder takes a file. Built on AdonisJS's health checks; each
 * failing check carries a fixed sentence (the raw error is logged, never served: the
 * endpoint is public).
 */
import { randomBytes } from 'node:crypto'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import { BaseCheck, HealthChecks, Result } from '@adonisjs/core/health'
import type { HealthCheckResult } from '@adonisjs/core/types/health'
import { storage } from '#services/storage'
import { migrationsOnDisk } from '#services/migrations'

class DatabaseCheck extends BaseCheck {
  name = 'database'
  async run(): Promise<HealthCheckResult> {
    try {
      await db.rawQuery('SELECT 1')
      return Result.ok('Databasen svarar.')
    } catch (error) {
      logger.error({ err: error }, 'health: the database does not answer')
      return Result.failed('Databasen svarar inte.')
    }
  }
}

class MigrationsCheck extends BaseCheck {
  name = 'migrations'
  async run(): Promise<HealthCheckResult> {
    try {
      const applied = await db.from('adonis_schema').select('name')
      const done = new Set(applied.map((row) => row.name as string))
      const onDisk = await migrationsOnDisk()
      const pending = onDisk.filter((name) => !done.has(name))
      if (pending.length === 0) return Result.ok('Alla migreringar har körts.')
      return Result.failed(
        `${pending.length} migreringar har inte körts (node ace.js migration:run --force).`
      ).mergeMetaData({
        pending: pending.map((name) => name.split('/').pop()),
      })
    } catch (error) {
      logger.error({ err: error }, 'health: the migrations could not be read')
      return Result.failed('Migreringarnas status kunde inte läsas.')
    }
  }
}

class StorageCheck extends BaseCheck {
  name = 'storage'
  async run(): Promise<HealthCheckResult> {
    const backend = storage()
    const probe = `.health/${process.pid}-${randomBytes(4).toString('hex')}`
    try {
      await backend.createNew(probe, Buffer.from('ok'))
      await backend.remove(probe)
      return Result.ok('Lagringen går att skriva.')
    } catch (error) {
      logger.error({ err: error, location: backend.location }, 'health: storage is not writable')
      return Result.failed('Lagringen (STORAGE_PATH eller S3) går inte att skriva.')
    }
  }
}

/** Run the readiness checks; a new set each time, so no check holds a connection. */
export async function readiness() {
  const report = await new HealthChecks()
    .register([new DatabaseCheck(), new MigrationsCheck(), new StorageCheck()])
    .run()
  return {
    ready: report.isHealthy,
    checks: report.checks.map((check) => ({
      name: check.name,
      status: check.status,
      message: check.message,
      ...(check.meta ? { meta: check.meta } : {}),
    })),
  }
}
