/**
 * The file imports a user can start from the web, by type: what the file looks like and
 * which action reads it. The command-line equivalents are the `import:*` ace commands.
 */
import type { ImportRequest, ImportResult } from '#actions/imports/run_csv_import'
import type { KindColumns } from '#domain/drop_folder'

/** An extensions snapshot's options (see ExtensionSnapshotOptions); other kinds take none. */
export interface SnapshotRunOptions {
  asOf?: string
  organisationCode?: string | null
  guardEnding?: 'unattended' | 'upload'
}

export interface ImportKind {
  type: string
  /** the header row the file must have (FORMATS.md) */
  header: string
  /** the columns its reader takes (required and optional): how the drop folder knows it */
  columns?: () => Promise<KindColumns>
  /** the page to return to after an upload */
  backRoute: string
  /** true when the import needs a snapshot date (and may be limited to one organisation) */
  snapshot?: boolean
  partial: boolean
  /** true when the upload is queued and runs in the background (large files) */
  background?: boolean
  /** the largest file the upload page accepts (DEFAULT_UPLOAD_LIMIT unless set) */
  uploadLimit?: string
  run(request: ImportRequest, options: SnapshotRunOptions): Promise<ImportResult>
}

/** Registers, invoices and statistics are a few MB at most; larger uploads are refused with 413. */
export const DEFAULT_UPLOAD_LIMIT = '20mb'

export const IMPORT_KINDS: Record<string, ImportKind> = {
  organisations: {
    type: 'organisations',
    header: 'Kod;Namn;Typ;Ansvar;Fakturareferens;Aktiv från;Aktiv till;Ansluten från;Ansluten till',
    backRoute: 'organisations.index',
    columns: () =>
      import('#actions/organisations/import_organisations').then((module) => module.columns),
    partial: true,
    run: async (request) => {
      const { importOrganisations } = await import('#actions/organisations/import_organisations')
      return importOrganisations(request)
    },
  },
  extensions: {
    type: 'extensions',
    header: 'Anknytning;Organisation;Namn;Typ',
    backRoute: 'extensions.index',
    columns: () => import('#actions/extensions/import_extensions').then((module) => module.columns),
    snapshot: true,
    partial: false,
    run: async (request, options) => {
      const { importExtensions } = await import('#actions/extensions/import_extensions')
      return importExtensions(request, {
        asOf: options.asOf!,
        organisationCode: options.organisationCode ?? null,
        guardEnding: options.guardEnding,
      })
    },
  },
  headcount: {
    type: 'headcount',
    header: 'Organisation;Månad;Antal anställda',
    backRoute: 'headcount.index',
    columns: () => import('#actions/headcount/import_headcount').then((module) => module.columns),
    partial: true,
    run: async (request) => {
      const { importHeadcount } = await import('#actions/headcount/import_headcount')
      return importHeadcount(request)
    },
  },
  supplier_invoice: {
    type: 'supplier_invoice',
    header: 'Fakturanummer;Fakturadatum;Period;Artikel;Benämning;Antal;Enhet;Pris;Belopp',
    backRoute: 'supplier_invoices.index',
    columns: () =>
      import('#actions/supplier_invoices/import_supplier_invoice').then((module) => module.columns),
    partial: false,
    run: async (request) => {
      const { importSupplierInvoice } =
        await import('#actions/supplier_invoices/import_supplier_invoice')
      return importSupplierInvoice(request)
    },
  },
  calls: {
    type: 'calls',
    header: 'SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad',
    backRoute: 'imports.index',
    columns: () => import('#actions/calls/call_import_parts').then((module) => module.COLUMNS),
    partial: true,
    background: true,
    // a month of call records is up to ~80 MB
    uploadLimit: '200mb',
    run: async (request) => {
      const { importCalls } = await import('#actions/calls/import_calls')
      return importCalls(request)
    },
  },
  statistics: {
    type: 'statistics',
    header:
      'Datum;Ingång;Erbjudna;Besvarade;Besvarade inom mål;Målsekunder;Avbrutna;Korta avbrott;Total väntetid;Total samtalstid;Kopplade',
    backRoute: 'calls.index',
    partial: true,
    run: async (request) => {
      const { importStatistics } = await import('#actions/statistics/import_statistics')
      return importStatistics(request)
    },
  },
  // issue 17: the budget per cost pool and month (docs/adr/0029)
  budget: {
    type: 'budget',
    header: 'År;Månad;Kostnadspost;Belopp',
    backRoute: 'budget.index',
    partial: true,
    run: async (request) => {
      const { importBudget } = await import('#actions/budget/import_budget')
      return importBudget(request)
    },
  },
  costs: {
    type: 'costs',
    header: 'Period;Kostnadspost;Belopp;Text',
    backRoute: 'supplier_invoices.index',
    partial: false,
    run: async (request) => {
      const { importCosts } = await import('#actions/costs/import_costs')
      return importCosts(request)
    },
  },
}
