/** The browser every browser test drives. */
import { chromium, type LaunchOptions } from 'playwright'

/** The system Chromium (Debian package `chromium`); tests never download a browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Chromium as every browser test runs it (the suite's browser client and the page crawl). */
export function launchChromium(options: LaunchOptions = {}) {
  return chromium.launch({
    ...options,
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}
