/*
|--------------------------------------------------------------------------
| Entry point for ace commands: `npm run ace -- <command>` or `node ace <command>`
|--------------------------------------------------------------------------
|
| AdonisJS 7 needs Node.js 24. The project pins it (npm package `node` in
| devDependencies); when this file is started by an older system Node, it re-runs
| itself with the pinned one, so `node ace …` works the same as `npm run ace -- …`.
| It also re-runs itself once with the heap settings below.
*/
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const major = Number(process.versions.node.split('.')[0])
const pinnedNode = fileURLToPath(new URL('./node_modules/node/bin/node', import.meta.url))
// Large imports allocate fast and briefly: a bigger young generation and a capped old one
// keep the memory of a million-row call import low (BENCHMARKS.md). bin/console.ts gives
// the commands of a production build, which has no ace.js of ours, the same flags.
const HEAP_FLAGS = ['--max-semi-space-size=16', '--max-old-space-size=128']
const hasHeapFlags = process.execArgv.some((flag) => flag.startsWith('--max-semi-space-size'))
if ((major < 24 && existsSync(pinnedNode)) || !hasHeapFlags) {
  const node = major < 24 && existsSync(pinnedNode) ? pinnedNode : process.execPath
  const result = spawnSync(node, [...HEAP_FLAGS, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, VAXELNAVET_PARENT_PID: String(process.pid) },
  })
  process.exit(result.status ?? 1)
}

await import('@poppinss/ts-exec')
await import('./bin/console.js')
