/*
|--------------------------------------------------------------------------
| `npm run screens`
|--------------------------------------------------------------------------
|
| Screenshots of the key pages per role, so the next person sees the product without
| starting it (issue 15, "Done when"). On a database of its own (`vaxelnavet_screens` on
| the embedded server, or SCREENS_DATABASE_URL) and a port of its own (SCREENS_PORT,
| default 3398), never the one `npm start` uses:
|
| 1. re-creates the database, runs the migrations and loads the demo,
| 2. starts the server (bin/server.ts) on that database,
| 3. logs in as each demo role in the system Chromium (CHROMIUM_PATH, default
|    /usr/bin/chromium) and saves the first screen of each key page at 1440×900 (desktop)
|    or 390×844 (phone) to docs/screens/, with an index docs/screens/README.md,
| 4. stops the server, drops the database (SCREENS_KEEP=1 keeps it) and stops the embedded
|    server if it started it.
*/
import { spawn, spawnSync } from 'node:child_process'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import pg from 'pg'
import { chromium, type Page } from 'playwright'
import { EmbeddedDatabase } from '../app/services/embedded_database.js'
import {
  EMBEDDED_PASSWORD,
  EMBEDDED_USER,
  embeddedPort,
} from '../app/services/database_settings.js'
import { ensureEnvFile, loadEnvFile } from '../app/services/env_file.js'
import { monthOf, previousMonth, todayInStockholm } from '../app/domain/periods.js'

const root = new URL('../', import.meta.url).pathname
ensureEnvFile(root)
loadEnvFile(root)

const port = Number(process.env.SCREENS_PORT || 3398)
const out = join(root, 'docs', 'screens')
const storage = join(root, 'tmp', 'screens-storage')
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }
const PASSWORD = 'vaxelnavet-demo'
const lastMonth = previousMonth(monthOf(todayInStockholm()))

/** The key pages per role: who, where, at which size, and what the picture is called. */
const SHOTS: { file: string; title: string; email?: string; path: string; phone?: boolean }[] = [
  { file: '01-inloggning.png', title: 'Inloggning', path: '/logga-in' },
  {
    file: '02-samordnare-oversikt.png',
    title: 'Samordnare: översikt (väntar på dig)',
    email: 'samordnare@stad.example',
    path: '/oversikt',
  },
  {
    file: '03-samordnare-oversikt-mobil.png',
    title: 'Samordnare: översikt på mobil',
    email: 'samordnare@stad.example',
    path: '/oversikt',
    phone: true,
  },
  {
    file: '04-samordnare-samtal-och-kvalitet.png',
    title: 'Samordnare: samtal och kvalitet',
    email: 'samordnare@stad.example',
    path: '/samtal',
  },
  {
    file: '05-samordnare-avvikelser.png',
    title: 'Samordnare: avvikelser',
    email: 'samordnare@stad.example',
    path: '/avvikelser',
  },
  {
    file: '06-samordnare-forum.png',
    title: 'Samordnare: forum',
    email: 'samordnare@stad.example',
    path: '/forum',
  },
  {
    file: '07-controller-oversikt.png',
    title: 'Controller: översikt (väntar på dig)',
    email: 'controller@stad.example',
    path: '/oversikt',
  },
  {
    file: '08-controller-kostnadsfordelning.png',
    title: `Controller: kostnadsfördelning ${lastMonth}`,
    email: 'controller@stad.example',
    path: `/kostnadsfordelning/${lastMonth}`,
  },
  {
    file: '09-controller-fakturor.png',
    title: 'Controller: fakturor',
    email: 'controller@stad.example',
    path: '/fakturor',
  },
  {
    file: '10-controller-oversikt-mobil.png',
    title: 'Controller: översikt på mobil',
    email: 'controller@stad.example',
    path: '/oversikt',
    phone: true,
  },
  {
    file: '11-telefoniansvarig-oversikt-mobil.png',
    title: 'Telefoniansvarig: översikt på mobil',
    email: 'telefoni.bromma@stad.example',
    path: '/oversikt',
    phone: true,
  },
  {
    file: '12-telefoniansvarig-fakturor-mobil.png',
    title: 'Telefoniansvarig: fakturor på mobil',
    email: 'telefoni.bromma@stad.example',
    path: '/fakturor',
    phone: true,
  },
  {
    file: '13-telefoniansvarig-rutiner-mobil.png',
    title: 'Telefoniansvarig: rutiner på mobil',
    email: 'telefoni.bromma@stad.example',
    path: '/rutiner',
    phone: true,
  },
  {
    file: '14-telefoniansvarig-oversikt.png',
    title: 'Telefoniansvarig: översikt',
    email: 'telefoni.bromma@stad.example',
    path: '/oversikt',
  },
]

function step(text: string) {
  console.log(`screens: ${text}`)
}

// 1. a database of its own, migrated, with the demo
let server: Awaited<ReturnType<EmbeddedDatabase['ensure']>> | null = null
let databaseUrl = process.env.SCREENS_DATABASE_URL
if (!databaseUrl) {
  server = await new EmbeddedDatabase(root, embeddedPort()).ensure('postgres')
  databaseUrl = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${embeddedPort()}/vaxelnavet_screens`
}
const adminUrl = new URL(databaseUrl)
const databaseName = adminUrl.pathname.slice(1)
adminUrl.pathname = '/postgres'
async function onServer(sql: (name: string) => string) {
  const admin = new pg.Client({ connectionString: adminUrl.toString() })
  await admin.connect()
  try {
    await admin.query(sql(admin.escapeIdentifier(databaseName)))
  } finally {
    await admin.end()
  }
}
await onServer((name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
await onServer((name) => `CREATE DATABASE ${name}`)
await rm(storage, { recursive: true, force: true })
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  NODE_ENV: 'development',
  STORAGE_PATH: storage,
  LOG_LEVEL: 'warn',
  PORT: String(port),
  HOST: '127.0.0.1',
}
for (const args of [
  ['ace.js', 'migration:run', '--force'],
  ['ace.js', 'demo:load'],
]) {
  step(args.slice(1).join(' '))
  const result = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr || result.stdout}`)
}

// 2. the server on that database
step(`startar servern på port ${port}`)
const app = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
  cwd: root,
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
})
process.on('exit', () => app.kill('SIGTERM'))
const base = `http://127.0.0.1:${port}`
for (let attempt = 0; ; attempt++) {
  try {
    const answer = await fetch(`${base}/logga-in`)
    if (answer.ok) break
  } catch {}
  if (attempt > 150) throw new Error(`Servern svarade inte på ${base}`)
  await new Promise((resolve) => setTimeout(resolve, 200))
}

// 3. the pictures, one browser context per role and size
await mkdir(out, { recursive: true })
for (const file of await readdir(out))
  if (file.endsWith('.png')) await rm(join(out, file), { force: true })
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
})

async function logIn(page: Page, email: string) {
  await page.goto(`${base}/logga-in`)
  await page.getByLabel('E-postadress').fill(email)
  await page.getByLabel('Lösenord').fill(PASSWORD)
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/logga-in'),
    page.getByRole('button', { name: 'Logga in' }).click(),
  ])
}

try {
  const pages = new Map<string, Page>()
  for (const shot of SHOTS) {
    const key = `${shot.email ?? '-'}:${shot.phone ? 'phone' : 'desktop'}`
    let page = pages.get(key)
    if (!page) {
      const context = await browser.newContext({
        viewport: shot.phone ? PHONE : DESKTOP,
        locale: 'sv-SE',
        timezoneId: 'Europe/Stockholm',
      })
      page = await context.newPage()
      if (shot.email) await logIn(page, shot.email)
      pages.set(key, page)
    }
    const response = await page.goto(`${base}${shot.path}`)
    if (!response || response.status() !== 200)
      throw new Error(`${shot.path} som ${shot.email ?? 'utloggad'}: ${response?.status()}`)
    await page.waitForLoadState('networkidle')
    await page.screenshot({ path: join(out, shot.file) })
    step(`${shot.file} (${shot.title})`)
  }
} finally {
  await browser.close()
  app.kill('SIGTERM')
}

// the index, formatted as `npm run format` would (tables aligned)
const index = join(out, 'README.md')
const prettier = await import('prettier')
const markdown = [
  '# Skärmbilder',
  '',
  `Nyckelsidorna per roll på demodatan, ${todayInStockholm()}: skrivbord 1440×900, mobil 390×844 (första skärmen).`,
  'Skapas om med `npm run screens` (bin/screens.ts) — redigera inte bilderna för hand.',
  '',
  '| bild | sida | storlek |',
  '|---|---|---|',
  ...SHOTS.map(
    (shot) =>
      `| [${shot.title}](${shot.file}) | \`${shot.path}\` | ${shot.phone ? 'mobil 390×844' : 'skrivbord 1440×900'} |`
  ),
  '',
].join('\n')
await writeFile(
  index,
  await prettier.format(markdown, {
    ...(await prettier.resolveConfig(index)),
    filepath: index,
  })
)

// 4. leave nothing running
if (app.exitCode === null && app.signalCode === null)
  await new Promise((resolve) => app.once('exit', resolve))
if (!process.env.SCREENS_KEEP)
  await onServer((name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
await rm(storage, { recursive: true, force: true })
await server?.stop()
step(`${SHOTS.length} bilder i docs/screens/`)
