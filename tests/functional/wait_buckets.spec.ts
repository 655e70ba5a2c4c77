import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { isBucketBoundary, LAST_BOUNDARY, OVERFLOW_BUCKET, waitBucket } from '#domain/wait_buckets'

const SECONDS = Array.from({ length: 401 }, (_, second) => second)

test.group('Wait buckets: one rule in TypeScript and SQL', () => {
  test('the SQL function wait_bucket() puts every wait of 0…400 s where waitBucket() does', async ({
    assert,
  }) => {
    const { rows } = await db.rawQuery(
      'SELECT s AS seconds, wait_bucket(s) AS bucket FROM generate_series(0, 400) AS s ORDER BY s'
    )
    assert.lengthOf(rows, SECONDS.length)
    const disagreements = rows.filter(
      (row: { seconds: number; bucket: number }) => row.bucket !== waitBucket(row.seconds)
    )
    assert.deepEqual(disagreements, [])
  })

  test('1 s steps to 10, 5 s to 180, 60 s to 300, one bucket above', ({ assert }) => {
    assert.deepEqual(
      [0, 4, 10, 11, 60, 61, 180, 181, 240, 300, 301, 5000].map(waitBucket),
      [0, 4, 10, 15, 60, 65, 180, 240, 240, 300, 301, 301]
    )
    assert.equal(OVERFLOW_BUCKET, LAST_BOUNDARY + 1)
  })

  test('the quality_targets CHECK accepts exactly the bucket boundaries of 1…400 s', async ({
    assert,
  }) => {
    // the constraint's own expression, evaluated by PostgreSQL for every second
    const { rows: constraints } = await db.rawQuery(
      `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = 'quality_targets'::regclass AND contype = 'c'
          AND pg_get_constraintdef(oid) LIKE '%target_seconds % 5%'`
    )
    assert.lengthOf(constraints, 1)
    const expression = String(constraints[0].definition)
      .replace(/^CHECK\s*/, '')
      .replaceAll('target_seconds', 's')
    const { rows } = await db.rawQuery(
      `SELECT s AS seconds, (${expression}) AS allowed FROM generate_series(1, 400) AS s ORDER BY s`
    )
    const disagreements = rows.filter(
      (row: { seconds: number; allowed: boolean }) => row.allowed !== isBucketBoundary(row.seconds)
    )
    assert.deepEqual(disagreements, [])
  })
})
