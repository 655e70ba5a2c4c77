/*
|--------------------------------------------------------------------------
| Entry point for ace commands: `npm run ace -- <command>` or `node ace <command>`
|--------------------------------------------------------------------------
|
| AdonisJS 7 needs Node.js 24. The project pins it (npm package `node` in
| devDependencies); when this file is started by an older system Node, it re-runs
| itself with the pinned one, so `node ace …` works the same as `npm run ace -- …`.
*/
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const major = Number(process.versions.node.split('.')[0])
const pinnedNode = fileURLToPath(new URL('./node_modules/node/bin/node', import.meta.url))
if (major < 24 && existsSync(pinnedNode)) {
  const result = spawnSync(pinnedNode, process.argv.slice(1), { stdio: 'inherit' })
  process.exit(result.status ?? 1)
}

await import('@poppinss/ts-exec')
await import('./bin/console.js')
