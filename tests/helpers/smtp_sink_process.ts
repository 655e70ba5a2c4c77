/**
 * The SMTP sink (tests/helpers/smtp_sink.ts) as a process of its own, for tests that want the
 * mail to leave the test's process: `startSmtpSinkProcess()` starts it and returns its port
 * and the messages it has received so far (raw MIME).
 *
 * Run as a script it prints `{"port": N}` and then one JSON line per message received.
 */
import { fileURLToPath } from 'node:url'
import { startNode } from '#tests/helpers/processes'
import type { ReceivedMail } from '#tests/helpers/smtp_sink'

const appRoot = fileURLToPath(new URL('../../', import.meta.url))

export async function startSmtpSinkProcess() {
  const running = startNode(['--import=@poppinss/ts-exec', 'tests/helpers/smtp_sink_process.ts'], {
    cwd: appRoot,
    env: { ...process.env, SMTP_SINK_MAIN: '1' },
  })
  const deadline = Date.now() + 20_000
  let port: number | null = null
  while (port === null) {
    const first = running.output().split('\n')[0]
    if (first.startsWith('{') && running.output().includes('\n')) port = JSON.parse(first).port
    else if (running.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the SMTP sink did not start:\n${running.output()}`)
    else await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    port: port!,
    pid: running.child.pid,
    received: (): ReceivedMail[] =>
      running
        .output()
        .split('\n')
        .slice(1)
        .filter((line) => line.startsWith('{'))
        .map((line) => {
          const mail = JSON.parse(line)
          return { ...mail, raw: Buffer.from(mail.raw, 'base64').toString('utf8') }
        }),
    close: async () => {
      running.child.kill('SIGTERM')
      await running.exited
    },
  }
}

if (process.env.SMTP_SINK_MAIN === '1' && process.argv[1]?.endsWith('smtp_sink_process.ts')) {
  const { startSmtpSink } = await import('#tests/helpers/smtp_sink')
  const sink = await startSmtpSink()
  process.stdout.write(`${JSON.stringify({ port: sink.port })}\n`)
  let written = 0
  const timer = setInterval(() => {
    for (; written < sink.received.length; written++) {
      const mail = sink.received[written]
      process.stdout.write(
        `${JSON.stringify({ ...mail, raw: Buffer.from(mail.raw, 'utf8').toString('base64') })}\n`
      )
    }
  }, 20)
  process.on('SIGTERM', () => {
    clearInterval(timer)
    void sink.close().then(() => process.exit(0))
  })
}
