import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { storagePath } from '#services/storage'

/** A stored file's content, refused if it no longer matches the checksum recorded when it was stored. */
export async function readVerified(relativePath: string, sha256: string, label: string) {
  const content = await readFile(storagePath(relativePath))
  if (createHash('sha256').update(content).digest('hex') !== sha256) {
    throw new Error(`${label} stämmer inte med sin kontrollsumma`)
  }
  return content
}
