import { test } from '@japa/runner'
import { productionProblems } from '#services/production_guard'

const READY = {
  NODE_ENV: 'production',
  APP_KEY: 'k'.repeat(32),
  DATABASE_URL: 'postgres://vaxel:hemligt@db.stad.se:5432/vaxelnavet',
}

test.group('Production guard', () => {
  test('a configured production environment on Node 24 has no problems', ({ assert }) => {
    assert.deepEqual(productionProblems(READY, { needsDatabase: true, nodeVersion: '24.9.0' }), [])
  })

  test('NODE_ENV unset, development or test is refused, naming the variable', ({ assert }) => {
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      const problems = productionProblems(
        { ...READY, NODE_ENV },
        { needsDatabase: true, nodeVersion: '24.0.0' }
      )
      assert.lengthOf(problems, 1)
      assert.match(problems[0], /^NODE_ENV /)
    }
  })

  test('an APP_KEY missing or shorter than 32 characters is refused, naming the variable', ({
    assert,
  }) => {
    for (const APP_KEY of [undefined, '', 'k'.repeat(31), ' '.repeat(40)]) {
      const problems = productionProblems(
        { ...READY, APP_KEY },
        { needsDatabase: true, nodeVersion: '24.0.0' }
      )
      assert.lengthOf(problems, 1)
      assert.match(problems[0], /^APP_KEY /)
    }
  })

  test('without DATABASE_URL or DB_HOST a process that needs the database is refused; DB_HOST alone is enough', ({
    assert,
  }) => {
    const { DATABASE_URL: _, ...withoutDatabase } = READY
    assert.match(
      productionProblems(withoutDatabase, { needsDatabase: true, nodeVersion: '24.0.0' })[0],
      /^DATABASE_URL /
    )
    assert.deepEqual(
      productionProblems(withoutDatabase, { needsDatabase: false, nodeVersion: '24.0.0' }),
      []
    )
    assert.deepEqual(
      productionProblems(
        { ...withoutDatabase, DB_HOST: 'db.stad.se' },
        { needsDatabase: true, nodeVersion: '24.0.0' }
      ),
      []
    )
  })

  test('Node.js older than 24 is refused with the version found', ({ assert }) => {
    assert.deepEqual(productionProblems(READY, { needsDatabase: true, nodeVersion: '20.20.2' }), [
      'Node.js 24 eller senare krävs; den här är 20.20.2.',
    ])
  })

  test('S3 storage without a bucket is refused, naming S3_BUCKET', ({ assert }) => {
    const problems = productionProblems(
      { ...READY, STORAGE_DRIVER: 's3' },
      { needsDatabase: true, nodeVersion: '24.0.0' }
    )
    assert.lengthOf(problems, 1)
    assert.match(problems[0], /^S3_BUCKET /)
    assert.deepEqual(
      productionProblems(
        { ...READY, STORAGE_DRIVER: 's3', S3_BUCKET: 'vaxelnavet' },
        { needsDatabase: true, nodeVersion: '24.0.0' }
      ),
      []
    )
  })
})
