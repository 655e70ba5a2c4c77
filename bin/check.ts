/*
|--------------------------------------------------------------------------
| `npm run check`: the test command CI runs (README "Tests", .ci/run)
|--------------------------------------------------------------------------
|
| In this order, stopping at the first finding with its exit code:
|   1. codegen     the .adonisjs/ types that lint and tsc read
|   2. lint        eslint .
|   3. prettier    prettier --check .
|   4. typecheck   tsc --noEmit
|   5. tests       npm test (every suite against PostgreSQL)
| A fresh clone has no .env; the tools only need the app to boot far enough to generate
| types, so they get the test run's settings (no secret: a fixed key, NODE_ENV=test). A
| .env present is read first and wins.
*/
import { spawnSync } from 'node:child_process'
import { loadEnvFile } from '../app/services/env_file.js'

const appRoot = new URL('../', import.meta.url).pathname
loadEnvFile(appRoot)
const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV || 'test',
  APP_KEY: process.env.APP_KEY || 'test-key-not-a-secret-0123456789abcdef',
}

const steps: [string, string, string[]][] = [
  ['codegen', 'node', ['ace.js', 'codegen']],
  ['lint', 'npx', ['eslint', '.']],
  ['prettier', 'npx', ['prettier', '--check', '.']],
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  ['tests', 'npm', ['test']],
]

for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { cwd: appRoot, env, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`✗ ${name} failed (exit ${result.status ?? result.signal})`)
    process.exit(result.status ?? 1)
  }
}
console.log('\n✓ codegen, lint, prettier, typecheck and tests passed')
