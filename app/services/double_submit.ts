import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * A form sent twice (a double click, a browser resending after a slow answer) must store one
 * row and notify once. The writing transaction first takes a transaction-scoped advisory lock
 * named after the form, so a second submission waits until the first has committed, and then
 * looks for the row the first wrote — its twin, the same natural key (a meeting's kind, title
 * and time; an announcement's text and days; …) — and stores nothing. Returns the twin, or
 * null when this is the first submission.
 *
 * The server guard is what counts; the page also disables a form's submit button once sent
 * (public/js/submit_once.js).
 */
export async function twinOfSubmission<T>(
  trx: TransactionClientContract,
  form: string,
  twin: () => Promise<T | null | undefined>
): Promise<T | null> {
  await trx.rawQuery('SELECT pg_advisory_xact_lock(hashtext(?))', [form])
  return (await twin()) ?? null
}
