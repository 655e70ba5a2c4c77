/**
 * Writes N call records in the supplier format (FORMATS.md "calls") — Windows-1252, `;`,
 * CRLF, decimal comma — as a month of calls would look. Deterministic for a given seed.
 *
 *   node --import=@poppinss/ts-exec database/demo/generate_calls.ts OUT.csv [ROWS=1000000] [MONTH=2026-10] [SEED=1]
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'

export async function generateCalls(
  path: string,
  rows: number,
  options: {
    month?: string
    seed?: number
    extensions?: string[]
    idPrefix?: string
    /** longest typical wait: a larger value lowers the service level (default 150) */
    waitScale?: number
    /** share of calls abandoned (default 0.06) */
    abandonShare?: number
  } = {}
) {
  const month = options.month ?? '2026-10'
  let state = (options.seed ?? 1) >>> 0
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
  const extensions =
    options.extensions ?? Array.from({ length: 5000 }, (_, i) => `08508${String(10000 + i)}`)
  const entries = ['0850811000', '0850811000', '0850811000', '0850812000', '0850813000']
  const [year, monthNumber] = month.split('-').map(Number)
  const days = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate()
  const out = createWriteStream(path)
  out.write('SamtalsID;Start;Ingång;Väntetid;Samtalstid;Utfall;Anknytning;Kostnad\r\n', 'latin1')
  const pad = (n: number) => String(n).padStart(2, '0')
  let buffer = ''
  for (let i = 0; i < rows; i++) {
    const day = 1 + Math.floor(random() * days)
    const hour = 7 + Math.floor(random() * 11)
    const start = `${year}-${pad(monthNumber)}-${pad(day)} ${pad(hour)}:${pad(Math.floor(random() * 60))}:${pad(Math.floor(random() * 60))}`
    const wait = Math.floor(random() * random() * (options.waitScale ?? 150))
    const roll = random()
    const abandon = options.abandonShare ?? 0.06
    const outcome =
      roll < abandon
        ? 'Avbrutet'
        : roll < 0.72
          ? 'Kopplat'
          : roll < 0.95
            ? 'Besvarat'
            : 'Meddelande'
    const talk = outcome === 'Avbrutet' ? 0 : 20 + Math.floor(random() * 240)
    const extension =
      outcome === 'Kopplat' || outcome === 'Meddelande'
        ? extensions[Math.floor(random() * extensions.length)]
        : ''
    const cost = outcome === 'Avbrutet' ? '0' : '3,95'
    buffer += `${options.idPrefix ?? 'S'}${month.replace('-', '')}-${String(i + 1).padStart(7, '0')};${start};${entries[i % entries.length]};${wait};${talk};${outcome};${extension};${cost}\r\n`
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer, 'latin1')) await once(out, 'drain')
      buffer = ''
    }
  }
  out.write(buffer, 'latin1')
  out.end()
  await once(out, 'finish')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, rows = '1000000', month = '2026-10', seed = '1'] = process.argv.slice(2)
  await generateCalls(path, Number(rows), { month, seed: Number(seed) })
  console.log(`${rows} samtal skrivna till ${path}`)
}
