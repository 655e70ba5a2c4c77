/**
 * A progress line for long command-line imports, on stderr (stdout stays free for
 * `--json`): `[██████░░░░]  62 % · 620 000 rader · 210 000 rader/s`.
 */
import { formatInteger } from '#domain/formatting'

export function createProgressBar(stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now()
  const interactive = stream.isTTY
  let lastPrinted = 0
  return {
    update({
      rows,
      bytes,
      totalBytes,
    }: {
      rows: number
      bytes: number
      totalBytes?: number | null
    }) {
      const now = Date.now()
      if (!interactive && now - lastPrinted < 5000) return
      lastPrinted = now
      const seconds = Math.max((now - started) / 1000, 0.001)
      const rate = formatInteger(Math.round(rows / seconds))
      const parts = [`${formatInteger(rows)} rader`, `${rate} rader/s`]
      if (totalBytes) {
        const share = Math.min(bytes / totalBytes, 1)
        const filled = Math.round(share * 20)
        parts.unshift(
          `[${'█'.repeat(filled)}${'░'.repeat(20 - filled)}] ${String(Math.round(share * 100)).padStart(3)} %`
        )
      }
      stream.write(interactive ? `\r${parts.join(' · ')}   ` : `${parts.join(' · ')}\n`)
    },
    done() {
      if (interactive) stream.write('\n')
    },
  }
}
