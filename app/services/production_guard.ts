/**
 * What a production server needs before it may start. The production build (compiled
 * JavaScript, `node bin/server.js` in build/) is a real installation: it never writes
 * its own .env or key and never starts the embedded demo database, so a missing setting
 * stops it with a sentence naming the variable, instead of running on a development
 * default. No AdonisJS imports: the launchers in bin/ call this before the app boots.
 */
import { databaseSettings } from './database_settings.js'

/** Shortest APP_KEY we accept: 32 characters, as `node ace generate:key` makes them. */
export const MIN_APP_KEY_LENGTH = 32

/** Is this file running from the production build rather than from the TypeScript source? */
export function isCompiled(moduleUrl: string) {
  return moduleUrl.endsWith('.js')
}

/** The Node.js major version AdonisJS 7 is made for. */
export const NODE_MAJOR = 24

/** The problems that keep a production process from starting, in Swedish; [] when none. */
export function productionProblems(
  env: NodeJS.ProcessEnv,
  options: { needsDatabase: boolean; nodeVersion?: string }
): string[] {
  const problems: string[] = []
  const nodeVersion = options.nodeVersion ?? process.versions.node
  if (Number(nodeVersion.split('.')[0]) < NODE_MAJOR) {
    problems.push(`Node.js ${NODE_MAJOR} eller senare krävs; den här är ${nodeVersion}.`)
  }
  if (env.NODE_ENV !== 'production') {
    problems.push(
      `NODE_ENV är ${env.NODE_ENV ? `"${env.NODE_ENV}"` : 'inte satt'}: produktionsbygget körs bara med NODE_ENV=production.`
    )
  }
  const key = env.APP_KEY ?? ''
  if (key.trim().length < MIN_APP_KEY_LENGTH) {
    problems.push(
      `APP_KEY ${key ? `är för kort (${key.trim().length} tecken)` : 'saknas'}: ange en hemlig nyckel på minst ` +
        `${MIN_APP_KEY_LENGTH} tecken (skapa en med "node ace.js generate:key --show") och behåll den – ` +
        'utan den går sessioner och krypterade värden inte att läsa.'
    )
  }
  if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET) {
    problems.push(
      'S3_BUCKET saknas: med STORAGE_DRIVER=s3 lagras filerna i en hink som måste anges.'
    )
  }
  if (options.needsDatabase && databaseSettings(env).embedded) {
    problems.push(
      'DATABASE_URL (eller DB_HOST) saknas: i produktion används stadens PostgreSQL-server (version 15 eller senare), ' +
        'aldrig den inbyggda demodatabasen.'
    )
  }
  return problems
}

/**
 * Stop the process with the problems, one per line, when there are any; with `json` as
 * the FORMATS.md error document on stdout (a command run with --json).
 */
export function refuseToStartWith(problems: string[], options: { json?: boolean } = {}) {
  if (problems.length === 0) return
  if (options.json) {
    process.stdout.write(
      JSON.stringify({ status: 'error', errors: problems.map((message) => ({ message })) }) + '\n'
    )
  } else {
    console.error(
      ['Växelnavet startar inte:', ...problems.map((problem) => `- ${problem}`)].join('\n')
    )
  }
  process.exit(1)
}
