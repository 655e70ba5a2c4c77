/**
 * A COPY the server refuses part-way (a SamtalsID already stored) must reach the import as
 * the server's error — the import then takes the staging path — even when the file is
 * still being written when the refusal arrives. pg-copy-streams drops its connection on the
 * server's error without marking the stream destroyed; the next write then failed with
 * "Cannot read properties of null (reading 'stream')", which the import could not tell from
 * a real failure (seen once as a flaky call-list test).
 */
import { test } from '@japa/runner'
import pg from 'pg'
import { copyFrom } from '#actions/calls/call_copy'
import { databaseSettings } from '#services/database_settings'

test.group('Call COPY / the server refuses a row while the file is still being written', () => {
  test('copyFrom throws the server unique violation, not the stream library null connection', async ({
    assert,
  }) => {
    const client = new pg.Client({ ...databaseSettings().connection })
    await client.connect()
    try {
      await client.query('CREATE TEMP TABLE copy_refusal (id text PRIMARY KEY)')
      await client.query(`INSERT INTO copy_refusal VALUES ('stored')`)
      const request = { filePath: '', fileName: 'x.csv' } as any
      const info = {
        size: 0,
        checksum: '',
        encoding: 'utf-8',
        hasBom: false,
        hasQuotes: false,
      } as const
      const failure = await copyFrom(
        client,
        'COPY copy_refusal (id) FROM STDIN',
        request,
        info,
        async (copy) => {
          const refused = new Promise((resolve) => copy.once('error', resolve))
          // COPY inserts in batches of up to 1 000 rows: the refusal comes with the first batch
          const rows = Array.from({ length: 3000 }, (_, index) => `row-${index}\n`).join('')
          copy.write(`stored\n${rows}`)
          await refused // the server has refused the row; the file goes on
          copy.write('next\n')
        }
      ).then(
        () => null,
        (error: unknown) => error
      )
      assert.instanceOf(failure, Error)
      assert.equal((failure as { code?: string }).code, '23505')
    } finally {
      await client.end()
    }
  })
})
