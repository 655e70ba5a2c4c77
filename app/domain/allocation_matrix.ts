/**
 * The controller's view of a period (issue 15 point 4, docs/adr/0024): organisations ×
 * pools, with each organisation's total, the change against the previous month, totals
 * per pool and in all; filtered by text and kind, sorted by a column. Pure and exact in öre.
 */

export interface MatrixShare {
  organisationId: number
  code: string
  name: string
  kind: string
  pool: string
  amountOre: bigint
}

export interface MatrixRow {
  organisationId: number
  code: string
  name: string
  kind: string
  /** öre per pool code; null: the organisation has no share of that pool */
  cells: Record<string, bigint | null>
  totalOre: bigint
  /** the organisation's total the previous month; null: it had none */
  previousOre: bigint | null
  changeOre: bigint | null
  /** change in per cent of the previous month, one decimal; null without a previous figure */
  changePercent: number | null
}

export const MATRIX_SORTS = ['code', 'name', 'total', 'change'] as const
/**
 * Organisations per page of the period page's matrix (docs/adr/0035): 400 organisations are
 * 16 pages; the totals always cover every organisation the filter matches.
 */
export const MATRIX_PAGE_SIZE = 25
export type MatrixSort = (typeof MATRIX_SORTS)[number]

export interface MatrixOptions {
  /** part of the code or the name, case-insensitive */
  text?: string
  /** förvaltning or bolag */
  kind?: string
  sort?: MatrixSort
  descending?: boolean
  /** 1-based page of MATRIX_PAGE_SIZE rows; without it every matching row (one page) */
  page?: number
}

export interface Matrix {
  pools: string[]
  /** the page's rows (every matching row when no page was asked for) */
  rows: MatrixRow[]
  /** how many organisations match the filter, on every page */
  rowCount: number
  /** the page shown (a page past the end shows the last) and the number of pages */
  page: number
  lastPage: number
  pageSize: number
  /** which organisations the page shows (1-based, of rowCount); null when all fit on one page */
  pageRange: { from: number; to: number } | null
  /** per pool, of every row matching the filter (all pages) */
  poolTotals: Record<string, bigint>
  /** of every row matching the filter (all pages) */
  totalOre: bigint
  previousOre: bigint | null
  changeOre: bigint | null
  /** every organisation, whatever the filter */
  allTotalOre: bigint
  allCount: number
  filtered: boolean
}

const percentOf = (change: bigint, before: bigint) =>
  before === 0n ? null : Math.round((Number(change) * 1000) / Number(before)) / 10

export function allocationMatrix(
  pools: string[],
  shares: MatrixShare[],
  previous: { organisationId: number; amountOre: bigint }[],
  options: MatrixOptions = {}
): Matrix {
  const previousById = new Map<number, bigint>()
  for (const share of previous)
    previousById.set(
      share.organisationId,
      (previousById.get(share.organisationId) ?? 0n) + share.amountOre
    )

  const byId = new Map<number, MatrixRow>()
  for (const share of shares) {
    let row = byId.get(share.organisationId)
    if (!row) {
      row = {
        organisationId: share.organisationId,
        code: share.code,
        name: share.name,
        kind: share.kind,
        cells: Object.fromEntries(pools.map((pool) => [pool, null])),
        totalOre: 0n,
        previousOre: previousById.get(share.organisationId) ?? null,
        changeOre: null,
        changePercent: null,
      }
      byId.set(share.organisationId, row)
    }
    row.cells[share.pool] = (row.cells[share.pool] ?? 0n) + share.amountOre
    row.totalOre += share.amountOre
  }
  const all = [...byId.values()]
  for (const row of all) {
    if (row.previousOre !== null) {
      row.changeOre = row.totalOre - row.previousOre
      row.changePercent = percentOf(row.changeOre, row.previousOre)
    }
  }

  const text = options.text?.trim().toLocaleLowerCase('sv') ?? ''
  const rows = all.filter(
    (row) =>
      (!options.kind || row.kind === options.kind) &&
      (!text ||
        row.code.toLocaleLowerCase('sv').includes(text) ||
        row.name.toLocaleLowerCase('sv').includes(text))
  )

  const sort = options.sort ?? 'code'
  const byCode = (a: MatrixRow, b: MatrixRow) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  const compareBig = (a: bigint | null, b: bigint | null) => {
    // a row without a figure sorts last in either direction
    if (a === null || b === null) return 0
    return a < b ? -1 : a > b ? 1 : 0
  }
  const direction = options.descending ? -1 : 1
  rows.sort((a, b) => {
    if (sort === 'change' && (a.changeOre === null) !== (b.changeOre === null))
      return a.changeOre === null ? 1 : -1
    const primary =
      sort === 'name'
        ? a.name.localeCompare(b.name, 'sv')
        : sort === 'total'
          ? compareBig(a.totalOre, b.totalOre)
          : sort === 'change'
            ? compareBig(a.changeOre, b.changeOre)
            : byCode(a, b)
    return primary !== 0 ? primary * direction : byCode(a, b)
  })

  const poolTotals = Object.fromEntries(pools.map((pool) => [pool, 0n]))
  let totalOre = 0n
  let previousOre: bigint | null = null
  for (const row of rows) {
    for (const pool of pools) poolTotals[pool] += row.cells[pool] ?? 0n
    totalOre += row.totalOre
    if (row.previousOre !== null) previousOre = (previousOre ?? 0n) + row.previousOre
  }
  const pageSize = options.page === undefined ? Math.max(rows.length, 1) : MATRIX_PAGE_SIZE
  const lastPage = Math.max(1, Math.ceil(rows.length / pageSize))
  const page = Math.min(Math.max(1, Math.trunc(options.page ?? 1)), lastPage)
  return {
    pools,
    rows: rows.slice((page - 1) * pageSize, page * pageSize),
    rowCount: rows.length,
    page,
    lastPage,
    pageSize,
    pageRange:
      lastPage > 1
        ? {
            from: (page - 1) * pageSize + 1,
            to: Math.min(page * pageSize, rows.length),
          }
        : null,
    poolTotals,
    totalOre,
    previousOre,
    changeOre: previousOre === null ? null : totalOre - previousOre,
    allTotalOre: all.reduce((sum, row) => sum + row.totalOre, 0n),
    allCount: all.length,
    filtered: rows.length !== all.length,
  }
}
