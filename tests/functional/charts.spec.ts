import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { UserFactory } from '#database/factories/user_factory'
import { insertCallAggregates } from '#tests/helpers/call_aggregates'

test.group('Charts on Samtal & kvalitet', (group) => {
  group.each.setup(() => testUtils.db().wrapInGlobalTransaction())

  test('KPI tiles show the outcome with its target and the change against last month; the charts are SVG images with their data tables kept, and the CSP is unchanged', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    await insertCallAggregates([
      // September: 100 answered, 90 within the target time
      { hour: '2026-09-07T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 90 },
      { hour: '2026-09-07T07:00:00Z', outcome: 'besvarat', waitBucket: 90, calls: 10 },
      // October: 100 answered, 80 within: 80,0 %, below the 85 % target, 10 points down
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 20, calls: 80 },
      { hour: '2026-10-05T07:00:00Z', outcome: 'besvarat', waitBucket: 90, calls: 20 },
    ])
    const response = await client.get('/samtal?manad=2026-10').loginAs(user)
    response.assertStatus(200)
    const html = response.text()
    const tiles = html.slice(
      html.indexOf('<ul class="kpi-tiles">'),
      html.indexOf('</ul>', html.indexOf('<ul class="kpi-tiles">'))
    )
    assert.include(tiles, 'kpi-tile kpi-tile-missed')
    assert.include(tiles, '80,0\u00a0%')
    assert.include(tiles, 'mål minst 85,0\u00a0%')
    assert.include(tiles, '\u221210,0 procentenheter mot september 2026')
    assert.include(tiles, '±0 mot september 2026')
    // the charts: images with a title and a description, the target line, the heatmap legend
    assert.include(
      html,
      '<svg class="chart" viewBox="0 0 720 260" role="img" aria-labelledby="chart-days-title chart-days-desc"'
    )
    assert.include(
      html,
      'Svarsandelen per dag i oktober 2026 mot målet 85,0\u00a0%; 1 dag under målet.'
    )
    assert.include(html, 'aria-labelledby="chart-trend-title chart-trend-desc"')
    assert.include(html, 'linearGradient id="chart-heatmap-scale"')
    // the data tables stay
    assert.include(html, '<caption class="visually-hidden">Veckodag × timme</caption>')
    assert.include(html, '<td>2026-10-05</td>')
    const csp = response.header('content-security-policy') ?? ''
    assert.notInclude(csp, 'unsafe-inline')
    assert.include(csp, "style-src 'self'")
  })
})
