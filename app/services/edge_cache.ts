/**
 * Two gaps in Edge 6.5's template cache, closed when the cache is on (production, where
 * templates never change). Both showed in the forum pages' profile (BENCHMARKS.md, issue 6).
 *
 * Partials: Edge compiles an `@include`d partial again on every render: it reads the file,
 * parses every expression and builds a new function, because it passes the including
 * template's local variable names (always as an array, empty or not) and caches only
 * compilations made without them. The compiled function depends on nothing but the file
 * and those names, so when the view cache is on (production: templates never change) it
 * is kept per path and names (about 15 % of the server's time on the forum pages).
 *
 * Components: the `edge` instance AdonisJS uses is created without the cache and
 * configured with it later, so Edge keeps rescanning the components folders for every
 * page (about 1 %); the list is kept after the first scan.
 */
import type { Edge } from 'edge.js'

export function completeEdgeCache(edge: Edge) {
  if (!edge.compiler.cacheManager.enabled) return
  const listComponents = edge.loader.listComponents.bind(edge.loader)
  let components: ReturnType<typeof listComponents> | null = null
  edge.loader.listComponents = () => (components ??= listComponents())

  for (const compiler of [edge.compiler, edge.asyncCompiler]) {
    const compile = compiler.compile.bind(compiler)
    const compiled = new Map<string, ReturnType<typeof compile>>()
    compiler.compile = (templatePath: string, localVariables?: string[]) => {
      if (!localVariables) return compile(templatePath)
      const key = `${templatePath}\0${localVariables.join(',')}`
      let template = compiled.get(key)
      if (!template) {
        template = compile(templatePath, localVariables)
        compiled.set(key, template)
      }
      return template
    }
  }
}
