/**
 * The call import's aggregate SQL (app/actions/calls/import_calls.ts): the fast path adds
 * its tally to `call_hourly`, `call_daily` and `call_hourly_org`; the staging path merges
 * the staged rows into `call_records` and the aggregates in one statement.
 */
import { validOnSql } from '#queries/validity'
import { once } from 'node:events'
import type pg from 'pg'
import copyStreams from 'pg-copy-streams'
import { type CallTally, type Group } from '#domain/call_tally'
import { type RejectedRow } from '#actions/calls/call_import_parts'
import { AGGREGATES_LOCK } from '#actions/calls/call_copy'

/**
 * The fast path's end: add the counted figures to the three aggregates, in bulk. Every
 * copied row was new (or the COPY would have failed), so nothing was a duplicate.
 */
export async function addTally(client: pg.Client, tally: CallTally) {
  // every group goes into one temporary table with one COPY (text is cheaper to send and
  // to read than arrays), then one statement per aggregate adds them
  await client.query(`
    CREATE TEMPORARY TABLE call_tally (
      aggregate text NOT NULL, period text NOT NULL, entry_number text, outcome text NOT NULL,
      wait_bucket integer, organisation_id integer, calls integer NOT NULL,
      wait_seconds bigint, talk_seconds bigint, cost_units bigint
    ) ON COMMIT DROP`)
  const copy = client.query(copyStreams.from('COPY call_tally FROM STDIN'))
  const done = once(copy, 'finish')
  done.catch(() => {}) // a failed COPY is thrown at `await done`
  const send = async (aggregate: string, groups: Iterable<Group>) => {
    let text = ''
    for (const group of groups) {
      text += `${aggregate}\t${group.period}\t${group.entryNumber}\t${group.outcome}\t${group.waitBucket}\t${group.organisationId}\t${group.calls}\t${group.waitSeconds}\t${group.talkSeconds}\t${group.cost}\n`
      if (text.length > 1 << 20) {
        if (!copy.write(text)) await once(copy, 'drain')
        text = ''
      }
    }
    if (text && !copy.write(text)) await once(copy, 'drain')
  }
  await send('hourly', tally.hourly)
  await send('daily', tally.daily)
  await send('organisation', tally.byOrganisation)
  copy.end()
  await done
  // Nothing stored yet for these hours and days (a new month, the usual case): plain
  // inserts, about half the work of an upsert. Imports are serialised from here to their
  // commit, so that stays true until this one commits.
  await client.query('SELECT pg_advisory_xact_lock($1)', [AGGREGATES_LOCK])
  const { rows } = await client.query(`
    WITH span AS (
      SELECT to_timestamp(min(period::bigint) * 3600) AS first_hour, to_timestamp(max(period::bigint) * 3600) AS last_hour
        FROM call_tally WHERE aggregate <> 'daily'
    ), days AS (
      SELECT min(period::date) AS first_day, max(period::date) AS last_day FROM call_tally WHERE aggregate = 'daily'
    )
    SELECT NOT EXISTS (SELECT 1 FROM call_hourly, span WHERE hour BETWEEN first_hour AND last_hour)
       AND NOT EXISTS (SELECT 1 FROM call_hourly_org, span WHERE hour BETWEEN first_hour AND last_hour)
       AND NOT EXISTS (SELECT 1 FROM call_daily, days WHERE day BETWEEN first_day AND last_day) AS fresh`)
  const fresh: boolean = rows[0].fresh
  // periods: hours since 1970 (UTC) or the Stockholm date; costs in ten-thousandths of a krona.
  // In key order, so each primary key is appended to rather than inserted into at random
  // (the groups come in the order the file first met them).
  for (const [table, key, period] of [
    ['call_hourly', 'hour', 'to_timestamp(period::bigint * 3600)'],
    ['call_daily', 'day', 'period::date'],
  ] as const) {
    await client.query(
      `INSERT INTO ${table} (${key}, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost)
       SELECT ${period}, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost_units::numeric / 10000
         FROM call_tally WHERE aggregate = $1
        ORDER BY 1, 2, 3, 4
       ${
         fresh
           ? ''
           : `ON CONFLICT (${key}, entry_number, outcome, wait_bucket) DO UPDATE
                 SET calls = ${table}.calls + EXCLUDED.calls,
                     wait_seconds = ${table}.wait_seconds + EXCLUDED.wait_seconds,
                     talk_seconds = ${table}.talk_seconds + EXCLUDED.talk_seconds,
                     cost = ${table}.cost + EXCLUDED.cost`
       }`,
      [key === 'hour' ? 'hourly' : 'daily']
    )
  }
  await client.query(
    `INSERT INTO call_hourly_org (hour, organisation_id, outcome, calls)
     SELECT to_timestamp(period::bigint * 3600), organisation_id, outcome, calls FROM call_tally WHERE aggregate = 'organisation'
      ORDER BY 1, 2, 3
     ${fresh ? '' : 'ON CONFLICT (hour, organisation_id, outcome) DO UPDATE SET calls = call_hourly_org.calls + EXCLUDED.calls'}`
  )
  return {
    days: tally.daySpan(),
    inserted: tally.calls,
    unattributed: tally.unattributed,
    duplicates: 0,
    conflicts: [] as RejectedRow[],
    unknownExtensions: tally.topUnknownExtensions(),
  }
}

/**
 * Move the staged rows into call_records and call_hourly in one statement. A SamtalsID
 * that is already stored (or repeated in the file) is not inserted; only when that
 * happens are the left-over rows compared with what is stored, to tell duplicates (same
 * content) from conflicts (other content). A fresh month never pays for that join.
 */
export async function mergeStaged(client: pg.Client, importId: number) {
  // rows go in in line order, so of two rows with one SamtalsID the earlier line is stored
  await client.query('SELECT pg_advisory_xact_lock($1)', [AGGREGATES_LOCK])
  await client.query(`SET LOCAL work_mem = '64MB'`)
  await client.query('ANALYZE call_staging')
  const merged = await client.query(
    `WITH inserted AS (
       INSERT INTO call_records (call_id, started_at, entry_number, wait_seconds, talk_seconds, outcome, extension, cost, organisation_id, import_id)
       SELECT s.call_id, s.started_at, s.entry_number, s.wait_seconds, s.talk_seconds, s.outcome, s.extension, s.cost, e.organisation_id, $1
         FROM call_staging s
         LEFT JOIN extensions e
           ON e.number = s.extension
          AND ${validOnSql('e', "(s.started_at AT TIME ZONE 'Europe/Stockholm')::date")}
        ORDER BY s.line
       ON CONFLICT (call_id) DO NOTHING
       RETURNING started_at, entry_number, outcome, organisation_id, extension, wait_seconds, talk_seconds, cost
     ),
     aggregated AS (
       INSERT INTO call_hourly (hour, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost)
       SELECT date_trunc('hour', started_at), entry_number, outcome, wait_bucket(wait_seconds),
              count(*), sum(wait_seconds), sum(talk_seconds), sum(cost)
         FROM inserted
        GROUP BY 1, 2, 3, 4
       ON CONFLICT (hour, entry_number, outcome, wait_bucket) DO UPDATE
          SET calls = call_hourly.calls + EXCLUDED.calls,
              wait_seconds = call_hourly.wait_seconds + EXCLUDED.wait_seconds,
              talk_seconds = call_hourly.talk_seconds + EXCLUDED.talk_seconds,
              cost = call_hourly.cost + EXCLUDED.cost
       RETURNING 1
     ),
     aggregated_daily AS (
       INSERT INTO call_daily (day, entry_number, outcome, wait_bucket, calls, wait_seconds, talk_seconds, cost)
       SELECT (started_at AT TIME ZONE 'Europe/Stockholm')::date, entry_number, outcome, wait_bucket(wait_seconds),
              count(*), sum(wait_seconds), sum(talk_seconds), sum(cost)
         FROM inserted
        GROUP BY 1, 2, 3, 4
       ON CONFLICT (day, entry_number, outcome, wait_bucket) DO UPDATE
          SET calls = call_daily.calls + EXCLUDED.calls,
              wait_seconds = call_daily.wait_seconds + EXCLUDED.wait_seconds,
              talk_seconds = call_daily.talk_seconds + EXCLUDED.talk_seconds,
              cost = call_daily.cost + EXCLUDED.cost
       RETURNING 1
     ),
     aggregated_org AS (
       INSERT INTO call_hourly_org (hour, organisation_id, outcome, calls)
       SELECT date_trunc('hour', started_at), organisation_id, outcome, count(*)
         FROM inserted
        WHERE organisation_id IS NOT NULL
        GROUP BY 1, 2, 3
       ON CONFLICT (hour, organisation_id, outcome) DO UPDATE SET calls = call_hourly_org.calls + EXCLUDED.calls
       RETURNING 1
     ),
     unknown AS (
       SELECT extension, count(*) AS calls FROM inserted
        WHERE extension IS NOT NULL AND organisation_id IS NULL
        GROUP BY extension ORDER BY count(*) DESC, extension LIMIT 20
     )
     SELECT (SELECT count(*) FROM inserted)::int AS inserted,
            (SELECT to_char(min(started_at AT TIME ZONE 'Europe/Stockholm'), 'YYYY-MM-DD') FROM inserted) AS first_day,
            (SELECT to_char(max(started_at AT TIME ZONE 'Europe/Stockholm'), 'YYYY-MM-DD') FROM inserted) AS last_day,
            (SELECT count(*) FROM inserted WHERE extension IS NOT NULL AND organisation_id IS NULL)::int AS unattributed,
            (SELECT count(*) FROM aggregated)::int + (SELECT count(*) FROM aggregated_daily)::int
              + (SELECT count(*) FROM aggregated_org)::int AS aggregate_rows,
            (SELECT count(*) FROM call_staging)::int AS staged,
            (SELECT coalesce(json_agg(extension || ' (' || calls || ')'), '[]') FROM unknown) AS unknown`,
    [importId]
  )
  const { inserted, unattributed, staged, unknown, first_day: from, last_day: to } = merged.rows[0]
  let conflicts: RejectedRow[] = []
  if (inserted < staged) {
    const rows = await client.query(
      `SELECT s.line, s.call_id, CASE WHEN c.import_id = $1 THEN 'tidigare rad i filen' ELSE 'import nr ' || c.import_id END AS source,
              to_char(c.started_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD HH24:MI:SS') AS stored_start, c.outcome AS stored_outcome
         FROM call_staging s JOIN call_records c ON c.call_id = s.call_id
        WHERE (c.started_at, c.entry_number, c.wait_seconds, c.talk_seconds, c.outcome, c.extension, c.cost)
              IS DISTINCT FROM (s.started_at, s.entry_number, s.wait_seconds, s.talk_seconds, s.outcome, s.extension, s.cost)
        ORDER BY s.line`,
      [importId]
    )
    conflicts = rows.rows.map((row) => ({
      line: row.line,
      raw: row.call_id,
      errors: [
        {
          line: row.line,
          column: 'SamtalsID',
          message:
            `rad ${row.line}: SamtalsID "${row.call_id}" finns redan (${row.source}: start ${row.stored_start}, ${row.stored_outcome}) ` +
            'med annat innehåll; samma samtal kan inte ha två olika uppgifter.',
        },
      ],
    }))
  }
  return {
    days: from ? { from: from as string, to: to as string } : null,
    inserted,
    unattributed,
    duplicates: staged - inserted - conflicts.length,
    conflicts,
    unknownExtensions: unknown as string[],
  }
}
