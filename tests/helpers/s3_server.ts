/**
 * A real S3-protocol server for the tests (the npm package `s3rver`, files in a temporary
 * folder), with one bucket, and the storage backend that uses it.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver'
import { S3Client, CreateBucketCommand } from '@aws-sdk/client-s3'
import { S3Storage } from '#services/storage'

export async function startS3Server(bucket = 'vaxelnavet-test') {
  const folder = await mkdtemp(join(tmpdir(), 'vx-s3-'))
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory: folder, silent: true })
  const { port } = (await server.run()) as { port: number }
  const settings = {
    bucket,
    region: 'eu-north-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  }
  const client = new S3Client({
    ...settings,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  })
  await client.send(new CreateBucketCommand({ Bucket: bucket }))
  client.destroy()
  return {
    settings,
    storage: (prefix?: string) => new S3Storage({ ...settings, prefix }),
    async close() {
      await server.close()
      await rm(folder, { recursive: true, force: true })
    },
  }
}
