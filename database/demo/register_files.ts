/**
 * Demo files written the way Swedish offices produce them (Excel, Windows-1252, `;`,
 * decimal comma) and then read through the real imports, so the import history shows
 * them too. Deterministic: the same files every time.
 */
import iconv from 'iconv-lite'
import { DEMO_ORGANISATIONS } from '#database/demo/organisations'

/** A small deterministic pseudo-random generator (so the demo is the same every time). */
export function seededRandom(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

export const excelCsv = (lines: string[]) => iconv.encode(lines.join('\r\n') + '\r\n', 'win1252')

const NAMES = [
  'Reception',
  'Växel',
  'Kundtjänst',
  'Handläggare',
  'Chef',
  'Äldreomsorg',
  'Förskola',
  'Bygglov',
  'Ekonomi',
  'Personal',
  'IT-support',
  'Hemtjänst',
  'Felanmälan',
  'Bostadskö',
  'Skola',
  'Kultur',
]

/** How many extensions an organisation has (administrations are bigger). */
function sizeOf(index: number, kind: string, random: () => number) {
  const base =
    kind === 'forvaltning' ? 120 + Math.floor(random() * 480) : 40 + Math.floor(random() * 160)
  return index === 0 ? 90 : base
}

interface DemoExtension {
  number: string
  organisation: string
  name: string
  type: string
}

/** The register as of the key date, and a later snapshot with moves, removals and additions. */
export function demoExtensionSnapshots() {
  const random = seededRandom(2026)
  const first: DemoExtension[] = []
  DEMO_ORGANISATIONS.forEach(([code, , kind, , , activeTo], index) => {
    if (activeTo) return
    const count = sizeOf(index, kind, random)
    for (let n = 0; n < count; n++) {
      const number = `08508${String(10000 + index * 700 + n).padStart(5, '0')}`
      first.push({
        number,
        organisation: code,
        name: `${NAMES[Math.floor(random() * NAMES.length)]} ${code}`,
        type: random() < 0.08 ? 'Svarsgrupp' : 'Anknytning',
      })
    }
  })
  // one extension of the closed Älvsjö administration was never moved: "ej fördelningsbar"
  first.push({
    number: '0850899001',
    organisation: 'SDF-ALVSJO',
    name: 'Gammal reception Älvsjö',
    type: 'Anknytning',
  })

  const second = first
    .filter(() => random() > 0.03)
    .map((extension) =>
      extension.organisation === 'SDF-HASSELBY' && random() < 0.1
        ? {
            ...extension,
            organisation: 'SDF-SPANGA',
            name: `Flyttad från Hässelby – ${extension.name}`,
          }
        : extension
    )
  for (let n = 0; n < 60; n++) {
    second.push({
      number: `08508${String(90000 + n)}`,
      organisation: 'PARKERING',
      name: `Parkeringsservice ${n + 1}`,
      type: 'Anknytning',
    })
  }
  const toCsv = (rows: DemoExtension[]) =>
    excelCsv([
      'Anknytning;Organisation;Namn;Typ',
      ...rows.map(
        (r) =>
          `${r.number.slice(0, 2)}-${r.number.slice(2, 5)} ${r.number.slice(5, 8)} ${r.number.slice(8)};${r.organisation};${r.name};${r.type}`
      ),
    ])
  return { keyDate: toCsv(first), later: toCsv(second) }
}

/** Headcount for every organisation for October last year and the recent months. */
export function demoHeadcount(months: string[]) {
  const random = seededRandom(42)
  const lines = ['Organisation;Månad;Antal anställda']
  for (const [code, , kind, , , activeTo] of DEMO_ORGANISATIONS) {
    if (activeTo) continue
    // two administrations forget to report the newest month: the page lists them as missing
    const base =
      kind === 'forvaltning' ? 300 + Math.floor(random() * 3200) : 80 + Math.floor(random() * 900)
    for (const [index, month] of months.entries()) {
      if (index === months.length - 1 && (code === 'KONF' || code === 'OFF')) continue
      const employees = base + Math.floor((random() - 0.5) * 40)
      lines.push(`${code};${month};${employees.toLocaleString('sv-SE').replace(/\u00a0/g, ' ')}`)
    }
  }
  return excelCsv(lines)
}

const kronor = (ore: number) => {
  const sign = ore < 0 ? '-' : ''
  const abs = Math.abs(ore)
  return `${sign}${Math.floor(abs / 100)
    .toLocaleString('sv-SE')
    .replace(/\u00a0/g, ' ')},${String(abs % 100).padStart(2, '0')}`
}

/** The supplier's invoice for a month: fixed fee, answered calls × price, a credit. */
export function demoSupplierInvoice(
  period: string,
  invoiceNumber: string,
  invoiceDate: string,
  answeredCalls: number
) {
  const lines = ['Fakturanummer;Fakturadatum;Period;Artikel;Benämning;Antal;Enhet;Pris;Belopp']
  const add = (article: string, text: string, quantity: number, unit: string, priceOre: number) =>
    lines.push(
      `${invoiceNumber};${invoiceDate};${period};${article};${text};${quantity};${unit};${kronor(priceOre)};${kronor(quantity * priceOre)}`
    )
  add('FAST', `Fast månadsavgift telefonisttjänst ${period}`, 1, 'st', 25000000)
  add('SAMTAL', 'Besvarade och kopplade samtal', answeredCalls, 'st', 395)
  add('MEDDEL', 'Meddelandehantering', 1, 'st', 850000)
  return excelCsv(lines)
}

/**
 * The supplier's supplementary invoice for a month already invoiced (a late input): the
 * evening overflow service was left off the first invoice.
 */
export function demoLateSupplierInvoice(
  period: string,
  invoiceNumber: string,
  invoiceDate: string
) {
  return excelCsv([
    'Fakturanummer;Fakturadatum;Period;Artikel;Benämning;Antal;Enhet;Pris;Belopp',
    `${invoiceNumber};${invoiceDate};${period};KVALL;Kvällsöverflöde som saknades på ordinarie faktura ${period};1;st;${kronor(1234567)};${kronor(1234567)}`,
  ])
}

export function demoCosts(periods: string[]) {
  const lines = ['Period;Kostnadspost;Belopp;Text']
  for (const period of periods) {
    lines.push(`${period};ETJANST;45 000,00;Licens Tyck till ${period}`)
    lines.push(`${period};ETJANST;18 750,50;Drift och förvaltning KCH ${period}`)
  }
  return excelCsv(lines)
}
