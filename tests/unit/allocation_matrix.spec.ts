import { test } from '@japa/runner'
import { allocationMatrix, MATRIX_PAGE_SIZE, type MatrixShare } from '#domain/allocation_matrix'

const share = (
  organisationId: number,
  code: string,
  kind: string,
  pool: string,
  amountOre: bigint
): MatrixShare => ({ organisationId, code, name: `Namn ${code}`, kind, pool, amountOre })

const POOLS = ['TELEFONIST', 'SAMORDNING', 'ETJANST']
const SHARES = [
  share(1, 'ADM-A', 'forvaltning', 'TELEFONIST', 300_00n),
  share(1, 'ADM-A', 'forvaltning', 'ETJANST', 100_01n),
  share(2, 'ADM-B', 'forvaltning', 'TELEFONIST', 200_00n),
  share(3, 'BOLAG-C', 'bolag', 'TELEFONIST', 500_00n),
  share(3, 'BOLAG-C', 'bolag', 'SAMORDNING', 50_00n),
]
const PREVIOUS = [
  { organisationId: 1, amountOre: 400_01n },
  { organisationId: 3, amountOre: 500_00n },
]

test.group('Organisation × pool matrix (docs/adr/0024)', () => {
  test('each organisation has its pools, its total and the change against the previous month', ({
    assert,
  }) => {
    const matrix = allocationMatrix(POOLS, SHARES, PREVIOUS)
    const a = matrix.rows.find((row) => row.code === 'ADM-A')!
    assert.deepEqual(a.cells, { TELEFONIST: 300_00n, SAMORDNING: null, ETJANST: 100_01n })
    assert.equal(a.totalOre, 400_01n)
    assert.equal(a.changeOre, 0n)
    const c = matrix.rows.find((row) => row.code === 'BOLAG-C')!
    assert.equal(c.changeOre, 50_00n)
    assert.equal(c.changePercent, 10)
    // an organisation without a share last month has no change
    assert.isNull(matrix.rows.find((row) => row.code === 'ADM-B')!.changeOre)
  })

  test('the pool totals and the total in all are the exact sums of the cells', ({ assert }) => {
    const matrix = allocationMatrix(POOLS, SHARES, PREVIOUS)
    assert.deepEqual(matrix.poolTotals, {
      TELEFONIST: 1000_00n,
      SAMORDNING: 50_00n,
      ETJANST: 100_01n,
    })
    assert.equal(matrix.totalOre, 1150_01n)
    assert.equal(matrix.allTotalOre, 1150_01n)
    assert.equal(matrix.previousOre, 900_01n)
    assert.equal(matrix.changeOre, 250_00n)
    assert.isFalse(matrix.filtered)
  })

  test('a filter by kind or text keeps the total in all and totals only the rows shown', ({
    assert,
  }) => {
    const companies = allocationMatrix(POOLS, SHARES, PREVIOUS, { kind: 'bolag' })
    assert.deepEqual(
      companies.rows.map((row) => row.code),
      ['BOLAG-C']
    )
    assert.equal(companies.totalOre, 550_00n)
    assert.equal(companies.allTotalOre, 1150_01n)
    assert.isTrue(companies.filtered)
    const byText = allocationMatrix(POOLS, SHARES, PREVIOUS, { text: ' adm-b ' })
    assert.deepEqual(
      byText.rows.map((row) => row.code),
      ['ADM-B']
    )
  })

  test('rows sort by total or change in either order; rows without a change come last', ({
    assert,
  }) => {
    const codes = (options: Parameters<typeof allocationMatrix>[3]) =>
      allocationMatrix(POOLS, SHARES, PREVIOUS, options).rows.map((row) => row.code)
    assert.deepEqual(codes({}), ['ADM-A', 'ADM-B', 'BOLAG-C'])
    assert.deepEqual(codes({ sort: 'total', descending: true }), ['BOLAG-C', 'ADM-A', 'ADM-B'])
    assert.deepEqual(codes({ sort: 'total' }), ['ADM-B', 'ADM-A', 'BOLAG-C'])
    assert.deepEqual(codes({ sort: 'change', descending: true }), ['BOLAG-C', 'ADM-A', 'ADM-B'])
    assert.deepEqual(codes({ sort: 'change' }), ['ADM-A', 'BOLAG-C', 'ADM-B'])
  })

  test('a page holds MATRIX_PAGE_SIZE organisations after filter and sort; the totals still cover every organisation the filter matches, and a page past the end is the last (docs/adr/0035)', ({
    assert,
  }) => {
    const many = Array.from({ length: 2 * MATRIX_PAGE_SIZE + 3 }, (_, index) =>
      share(
        index + 1,
        `ORG-${String(index + 1).padStart(3, '0')}`,
        'forvaltning',
        'TELEFONIST',
        BigInt(index + 1)
      )
    )
    const sum = many.reduce((total, row) => total + row.amountOre, 0n)
    const first = allocationMatrix(POOLS, many, [], { page: 1 })
    assert.lengthOf(first.rows, MATRIX_PAGE_SIZE)
    assert.equal(first.rows[0].code, 'ORG-001')
    assert.equal(first.rowCount, many.length)
    assert.equal(first.lastPage, 3)
    assert.equal(first.totalOre, sum)
    assert.equal(first.poolTotals.TELEFONIST, sum)
    assert.isFalse(first.filtered)
    const last = allocationMatrix(POOLS, many, [], { page: 99 })
    assert.equal(last.page, 3)
    assert.deepEqual(last.pageRange, { from: 51, to: 53 })
    assert.deepEqual(
      last.rows.map((row) => row.code),
      ['ORG-051', 'ORG-052', 'ORG-053']
    )
    // sorted first, then paged: the largest totals are on the first page
    const largest = allocationMatrix(POOLS, many, [], { page: 1, sort: 'total', descending: true })
    assert.equal(largest.rows[0].code, 'ORG-053')
    // every page together is every organisation once
    const codes = [1, 2, 3].flatMap((page) =>
      allocationMatrix(POOLS, many, [], { page }).rows.map((row) => row.code)
    )
    assert.deepEqual(
      codes,
      many.map((row) => row.code)
    )
    // without a page (the confirmation page) every row, one page
    const all = allocationMatrix(POOLS, many, [])
    assert.lengthOf(all.rows, many.length)
    assert.equal(all.lastPage, 1)
    assert.isNull(all.pageRange)
  })
})
