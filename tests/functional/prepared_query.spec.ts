import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { prepared } from '#services/prepared_query'

/** The statements this connection has prepared by name (the global transaction keeps one connection). */
async function preparedStatements(): Promise<string[]> {
  const { rows } = await db.rawQuery(
    `SELECT statement FROM pg_prepared_statements WHERE name LIKE 'vx\\_%' ORDER BY statement`
  )
  return rows.map((row: { statement: string }) => row.statement)
}

test.group('Prepared queries', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('one query shape is prepared once whatever its values; another shape gets a statement of its own', async ({
    assert,
  }) => {
    const before = await preparedStatements()
    const byCode = (code: string) =>
      prepared(db.from('organisations').select('id').where('code', code).limit(1))
    assert.deepEqual(await byCode('SAKNAS-1'), [])
    assert.deepEqual(await byCode('SAKNAS-2'), [])
    const added = (await preparedStatements()).filter((statement) => !before.includes(statement))
    assert.lengthOf(added, 1)
    assert.include(added[0], 'from "organisations" where "code" = $1 limit $2')

    await prepared(db.from('organisations').count('* as total'))
    assert.lengthOf(
      (await preparedStatements()).filter((statement) => !before.includes(statement)),
      2
    )
  })
})
