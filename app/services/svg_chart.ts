/**
 * Charts people read (issue 15, docs/adr/0020): small server-side SVG, inlined in the page
 * (no script, no style attribute — presentation attributes only, so the CSP stays as it is).
 * Every chart is `role="img"` with a title and a description; the page keeps its data table.
 */

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The brand blue line, an orange dashed target: distinguishable with every colour vision. */
const LINE = '#0b4f8a'
const TARGET = '#b35900'
const GRID = '#d5dae1'
const INK = '#1b1f24'

export interface LinePoint {
  label: string
  /** a share 0–1, or null (no calls) */
  value: number | null
}

const pct = (value: number) => `${Math.round(value * 100)} %`

/**
 * A line chart of a share (0–1) per x label with the target as a dashed line, y axis in
 * percent (from the nearest 10 % below the lowest value or target, to 100 %).
 */
export function lineChart(options: {
  id: string
  title: string
  description: string
  points: LinePoint[]
  target: number
  targetLabel: string
}) {
  const width = 720
  const height = 260
  const left = 48
  const right = 16
  const top = 16
  const bottom = 40
  const values = options.points.flatMap((p) => (p.value === null ? [] : [p.value]))
  const low = Math.max(0, Math.floor(Math.min(options.target, ...values, 1) * 10 - 1) / 10)
  const plotW = width - left - right
  const plotH = height - top - bottom
  const x = (i: number) =>
    left + (options.points.length <= 1 ? plotW / 2 : (i * plotW) / (options.points.length - 1))
  const y = (v: number) => top + plotH - ((v - low) / (1 - low)) * plotH
  const parts: string[] = []
  // y grid and labels every 10 %
  for (let tick = Math.round(low * 10); tick <= 10; tick++) {
    const v = tick / 10
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${GRID}" />`,
      `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="${INK}">${pct(v)}</text>`
    )
  }
  // x labels: at most 12, evenly spread
  const step = Math.max(1, Math.ceil(options.points.length / 12))
  options.points.forEach((point, i) => {
    if (i % step === 0 || i === options.points.length - 1)
      parts.push(
        `<text x="${x(i).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" font-size="11" fill="${INK}">${escape(point.label)}</text>`
      )
  })
  parts.push(
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="${INK}" />`,
    `<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="${INK}" />`
  )
  // the target
  const ty = y(options.target).toFixed(1)
  parts.push(
    `<line x1="${left}" x2="${width - right}" y1="${ty}" y2="${ty}" stroke="${TARGET}" stroke-width="2" stroke-dasharray="6 4" />`,
    `<text x="${width - right}" y="${(Number(ty) - 5).toFixed(1)}" text-anchor="end" font-size="11" fill="${TARGET}">${escape(options.targetLabel)}</text>`
  )
  // the line, broken where there is no value
  let run: string[] = []
  const flush = () => {
    if (run.length > 1)
      parts.push(
        `<polyline points="${run.join(' ')}" fill="none" stroke="${LINE}" stroke-width="2.5" />`
      )
    run = []
  }
  options.points.forEach((point, i) => {
    if (point.value === null) return flush()
    run.push(`${x(i).toFixed(1)},${y(point.value).toFixed(1)}`)
    parts.push(
      `<circle cx="${x(i).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="3" fill="${point.value >= options.target ? LINE : TARGET}" />`
    )
  })
  flush()
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${options.id}-title">${escape(options.title)}</title>` +
    `<desc id="${options.id}-desc">${escape(options.description)}</desc>` +
    parts.join('') +
    `</svg>`
  )
}

/**
 * The viridis scale (perceptually uniform, readable with every colour vision and in
 * grey): five stops, linearly interpolated. 0 is dark purple, 1 yellow.
 */
const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
]

export function viridis(t: number) {
  const clamped = Math.min(1, Math.max(0, t))
  const position = clamped * (VIRIDIS.length - 1)
  const index = Math.min(VIRIDIS.length - 2, Math.floor(position))
  const f = position - index
  const [a, b] = [VIRIDIS[index], VIRIDIS[index + 1]]
  const channel = (i: number) =>
    Math.round(a[i] + (b[i] - a[i]) * f)
      .toString(16)
      .padStart(2, '0')
  return `#${channel(0)}${channel(1)}${channel(2)}`
}

/**
 * The weekday × hour heatmap of the service level on the continuous scale from `low` to
 * 100 %, with a legend; a cell with no calls is white with a dash.
 */
export function heatmap(options: {
  id: string
  title: string
  description: string
  rows: { label: string; cells: (number | null)[] }[]
  columns: string[]
  low: number
  legendLow: string
  legendHigh: string
}) {
  const cell = 30
  const left = 40
  const top = 20
  const width = left + options.columns.length * cell + 10
  const legendTop = top + options.rows.length * cell + 16
  const height = legendTop + 40
  const parts: string[] = []
  options.columns.forEach((column, c) =>
    parts.push(
      `<text x="${left + c * cell + cell / 2}" y="${top - 6}" text-anchor="middle" font-size="11" fill="${INK}">${escape(column)}</text>`
    )
  )
  options.rows.forEach((row, r) => {
    const yy = top + r * cell
    parts.push(
      `<text x="${left - 6}" y="${yy + cell / 2 + 4}" text-anchor="end" font-size="11" fill="${INK}">${escape(row.label)}</text>`
    )
    row.cells.forEach((value, c) => {
      const xx = left + c * cell
      if (value === null) {
        parts.push(
          `<rect x="${xx}" y="${yy}" width="${cell - 2}" height="${cell - 2}" fill="#ffffff" stroke="${GRID}" />`,
          `<text x="${xx + cell / 2 - 1}" y="${yy + cell / 2 + 3}" text-anchor="middle" font-size="10" fill="${INK}">–</text>`
        )
      } else {
        const t = (value - options.low) / (1 - options.low)
        parts.push(
          `<rect x="${xx}" y="${yy}" width="${cell - 2}" height="${cell - 2}" fill="${viridis(t)}"><title>${escape(`${row.label} ${options.columns[c]}: ${pct(value)}`)}</title></rect>`
        )
      }
    })
  })
  // the legend: a gradient of the same stops
  const gradientId = `${options.id}-scale`
  const legendWidth = Math.min(240, width - left - 10)
  parts.push(
    `<defs><linearGradient id="${gradientId}" x1="0" x2="1" y1="0" y2="0">` +
      VIRIDIS.map(
        (_, i) =>
          `<stop offset="${(i / (VIRIDIS.length - 1)).toFixed(2)}" stop-color="${viridis(i / (VIRIDIS.length - 1))}" />`
      ).join('') +
      `</linearGradient></defs>`,
    `<rect x="${left}" y="${legendTop}" width="${legendWidth}" height="12" fill="url(#${gradientId})" />`,
    `<text x="${left}" y="${legendTop + 26}" font-size="11" fill="${INK}">${escape(options.legendLow)}</text>`,
    `<text x="${left + legendWidth}" y="${legendTop + 26}" text-anchor="end" font-size="11" fill="${INK}">${escape(options.legendHigh)}</text>`
  )
  return (
    `<svg class="chart chart-heatmap" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${options.id}-title">${escape(options.title)}</title>` +
    `<desc id="${options.id}-desc">${escape(options.description)}</desc>` +
    parts.join('') +
    `</svg>`
  )
}
