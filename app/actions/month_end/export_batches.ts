/**
 * Finance export batches (`finance:export --new` / `--batch=N`, docs/adr/0016).
 *
 * A batch is every verification — an issued invoice or credit note, with its stored lines
 * (adjustment lines included) — not exported before, in number order. Its CSV and SIE 4
 * files are written once, stored with their SHA-256 before the transaction that records
 * the batch commits, and handed out again byte for byte. A verification can be in one
 * batch only: `exported_verifications.invoice_id` is the primary key, so when two exports
 * run at the same moment one of them is refused by the database and stores nothing.
 */
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#services/audit'
import { coded, type CodedMessage } from '#domain/coded_message'
import { getSettings } from '#services/settings'
import { readVerified, transactionWithFiles, StorageError } from '#services/stored_file'
import {
  journalCsv,
  sieFile,
  verificationRows,
  verificationSources,
} from '#actions/month_end/finance_export'

export type CreateBatchResult =
  | { ok: true; batch: number | null; verifications: number; csv: Buffer; sie: Buffer }
  | { ok: false; error: CodedMessage }

/** A unique or primary-key violation: another export took the same verification or number. */
function isUniqueViolation(error: unknown) {
  return (error as { code?: string } | null)?.code === '23505'
}

/** The next batch: every verification not yet exported. `batch` is null when there is none. */
export async function createExportBatch(userId: number | null): Promise<CreateBatchResult> {
  try {
    return await transactionWithFiles(async (trx, files): Promise<CreateBatchResult> => {
      const unexported = await verificationSources(
        (query) =>
          query.whereNotExists((sub: any) =>
            sub.from('exported_verifications as e').whereRaw('e.invoice_id = i.id')
          ),
        trx
      )
      // one fiscal year per batch: the SIE file declares it (#RAR 0) and a ledger books only
      // inside it, so verifications of the next year wait for the next batch
      const fiscalYear = unexported
        .map((source) => source.issueDate.slice(0, 4))
        .reduce(
          (oldest: string | null, year) => (oldest === null || year < oldest ? year : oldest),
          null
        )
      const sources = unexported.filter((source) => source.issueDate.startsWith(`${fiscalYear}-`))
      if (sources.length === 0) {
        return {
          ok: true,
          batch: null,
          verifications: 0,
          csv: Buffer.alloc(0),
          sie: Buffer.alloc(0),
        }
      }
      const last = await trx.from('export_batches').max('number as number').first()
      const number = Number(last?.number ?? 0) + 1
      const settings = await getSettings(trx)
      const rows = verificationRows(sources, settings)
      const csv = Buffer.from(journalCsv(rows), 'utf8')
      const sie = await sieFile(fiscalYear!, rows, trx)
      const storedCsv = await files.write('exports', `exportbatch-${number}`, 'csv', csv)
      const storedSie = await files.write('exports', `exportbatch-${number}`, 'se', sie)
      await trx.table('export_batches').insert({
        number,
        created_by: userId,
        verification_count: sources.length,
        csv_path: storedCsv.path,
        csv_sha256: storedCsv.sha256,
        sie_path: storedSie.path,
        sie_sha256: storedSie.sha256,
      })
      await trx
        .table('exported_verifications')
        .multiInsert(sources.map((source) => ({ invoice_id: source.id, batch_number: number })))
      await recordAudit(trx, {
        userId,
        action: 'create',
        entityType: 'export_batch',
        entityId: number,
        summary: `Exportbatch ${number} med ${sources.length} verifikationer (${sources[0].number} – ${sources.at(-1)!.number})`,
      })
      return { ok: true, batch: number, verifications: sources.length, csv, sie }
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: coded('exports.refusals.concurrent') }
    if (error instanceof StorageError)
      return {
        ok: false,
        error: coded('monthEnd.refusals.storage', {
          reason: error.refusal,
          outcome: coded('exports.refusals.notStored'),
        }),
      }
    throw error
  }
}

/** Batch N's files exactly as written, checked against their checksums. */
export async function readExportBatch(
  number: number
): Promise<
  { ok: true; csv: Buffer; sie: Buffer; verifications: number } | { ok: false; error: CodedMessage }
> {
  const batch = await db.from('export_batches').where('number', number).first()
  if (!batch) return { ok: false, error: coded('exports.refusals.noSuchBatch', { batch: number }) }
  if (!batch.csv_path) return { ok: false, error: coded('exports.refusals.batchZero') }
  const document = { name: `exportbatch ${number}`, damagedMessage: 'exports.refusals.damaged' }
  const csv = await readVerified(batch.csv_path, batch.csv_sha256, document)
  const sie = await readVerified(batch.sie_path, batch.sie_sha256, document)
  return { ok: true, csv, sie, verifications: batch.verification_count }
}
