import { test } from '@japa/runner'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Edge } from 'edge.js'
import { completeEdgeCache } from '#services/edge_cache'

/** the rendered HTML without the line breaks Edge's tags need */
async function render(edge: Edge, template: string, state: Record<string, unknown>) {
  return (await edge.render(template, state)).replace(/\s*\n\s*/g, '')
}

async function viewsWith(files: Record<string, string>) {
  const directory = await mkdtemp(join(tmpdir(), 'vaxelnavet-edge-'))
  for (const [name, contents] of Object.entries(files))
    await writeFile(join(directory, name), contents)
  return directory
}

test.group('Edge cache in production', () => {
  test('with the view cache on, a partial is compiled once and reused, inside loops too', async ({
    assert,
  }) => {
    const directory = await viewsWith({
      'page.edge':
        "<p>\n@include('greeting')\n</p>\n@each(name in names)\n<i>\n@include('item')\n</i>\n@end\n",
      'greeting.edge': 'Hej {{ who }}',
      'item.edge': '{{ name }}',
    })
    try {
      const edge = Edge.create({ cache: true })
      edge.mount(directory)
      completeEdgeCache(edge)
      assert.equal(
        await render(edge, 'page', { who: 'Anna', names: ['a', 'b'] }),
        '<p>Hej Anna</p><i>a</i><i>b</i>'
      )
      // a changed file is not read again: the compilation is kept (as for whole templates)
      await writeFile(join(directory, 'greeting.edge'), 'Hallå {{ who }}')
      await writeFile(join(directory, 'item.edge'), '[{{ name }}]')
      assert.equal(await render(edge, 'page', { who: 'Bo', names: ['c'] }), '<p>Hej Bo</p><i>c</i>')
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
  })

  test('without the view cache (development, tests) an edited partial shows at once', async ({
    assert,
  }) => {
    const directory = await viewsWith({
      'page.edge': "@include('greeting')",
      'greeting.edge': 'Hej {{ who }}',
    })
    try {
      const edge = Edge.create({ cache: false })
      edge.mount(directory)
      completeEdgeCache(edge)
      assert.equal(await render(edge, 'page', { who: 'Anna' }), 'Hej Anna')
      await writeFile(join(directory, 'greeting.edge'), 'Hallå {{ who }}')
      assert.equal(await render(edge, 'page', { who: 'Anna' }), 'Hallå Anna')
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
  })

  test('with the view cache on, the components folders are scanned once, not for every page', async ({
    assert,
  }) => {
    const directory = await viewsWith({ 'page.edge': 'Hej {{ who }}' })
    try {
      // as AdonisJS does: created without the cache, configured with it later
      const edge = Edge.create()
      edge.configure({ cache: true })
      edge.mount(directory)
      let scans = 0
      const listComponents = edge.loader.listComponents.bind(edge.loader)
      edge.loader.listComponents = () => {
        scans++
        return listComponents()
      }
      completeEdgeCache(edge)
      for (const who of ['Anna', 'Bo', 'Cecilia'])
        assert.equal(await render(edge, 'page', { who }), `Hej ${who}`)
      assert.equal(scans, 1)
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
  })
})
