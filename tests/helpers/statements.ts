/**
 * The statements a piece of work sends to PostgreSQL on the default connection (issue 18
 * point 4: a page's cost is its number of round trips), counted from knex's query events.
 */
import db from '@adonisjs/lucid/services/db'

export async function counted<T>(work: () => Promise<T>) {
  const connection = db.connection()
  const clients = new Set([connection.getReadClient(), connection.getWriteClient()])
  let statements = 0
  const listener = () => statements++
  for (const client of clients) client.on('query', listener)
  try {
    return { result: await work(), statements }
  } finally {
    for (const client of clients) client.off('query', listener)
  }
}
