import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { createScratchDatabase, dropScratchDatabase } from '#tests/helpers/scratch_database'
import AddCorrectsInvoice from '#database/migrations/0014_add_corrects_invoice_to_invoices'
import CreateT2Forecasts from '#database/migrations/0235_create_t2_forecasts'

const DATABASE = `vx_migrations_${process.pid}`
const FILE = 'database/migrations/0014_add_corrects_invoice_to_invoices'

test.group('Migrations / down() undoes up()', (group) => {
  group.setup(async () => {
    await createScratchDatabase(DATABASE, { migrated: true })
    return () => dropScratchDatabase(DATABASE)
  })

  test('0014 rolled back leaves neither of its indexes behind, and runs again', async ({
    assert,
  }) => {
    const client = db.connection(DATABASE)
    const indexes = async () =>
      (
        await client.rawQuery(
          `SELECT indexname FROM pg_indexes WHERE tablename = 'invoices'
             AND indexname IN ('invoices_one_correction_index', 'invoices_one_credit_index')
           ORDER BY indexname`
        )
      ).rows.map((row: { indexname: string }) => row.indexname)
    const both = ['invoices_one_correction_index', 'invoices_one_credit_index']

    // back to before 0014 (a later migration may already have replaced its credit index)
    await new AddCorrectsInvoice(client, FILE).execDown()
    assert.deepEqual(await indexes(), [])
    // 0014 as it runs on a fresh database: both indexes
    await new AddCorrectsInvoice(client, FILE).execUp()
    assert.deepEqual(await indexes(), both)
    // rolled back: nothing of it stays behind …
    await new AddCorrectsInvoice(client, FILE).execDown()
    assert.deepEqual(await indexes(), [])
    // … so it runs again
    await new AddCorrectsInvoice(client, FILE).execUp()
    assert.deepEqual(await indexes(), both)
  })
})

test.group('Migrations / 0235 frozen T2 forecasts', (group) => {
  const database = `vx_migrations_t2_${process.pid}`
  group.setup(async () => {
    await createScratchDatabase(database, { migrated: true })
    return () => dropScratchDatabase(database)
  })

  test('0235 rolled back drops both of its tables, and runs again', async ({ assert }) => {
    const client = db.connection(database)
    const tables = async () =>
      (
        await client.rawQuery(
          `SELECT tablename FROM pg_tables
            WHERE tablename IN ('t2_forecasts', 't2_forecast_pools') ORDER BY tablename`
        )
      ).rows.map((row: { tablename: string }) => row.tablename)
    const file = 'database/migrations/0235_create_t2_forecasts'
    assert.deepEqual(await tables(), ['t2_forecast_pools', 't2_forecasts'])
    await new CreateT2Forecasts(client, file).execDown()
    assert.deepEqual(await tables(), [])
    await new CreateT2Forecasts(client, file).execUp()
    assert.deepEqual(await tables(), ['t2_forecast_pools', 't2_forecasts'])
  })
})
