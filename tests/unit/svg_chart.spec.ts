import { test } from '@japa/runner'
import { heatmap, lineChart, viridis } from '#services/svg_chart'

test.group('Charts / server-side SVG', () => {
  test('the heatmap scale is viridis: dark purple at 0, yellow at 1, continuous between, clamped outside', ({
    assert,
  }) => {
    assert.equal(viridis(0), '#440154')
    assert.equal(viridis(1), '#fde725')
    assert.equal(viridis(0.5), '#21918c')
    assert.equal(viridis(-3), '#440154')
    assert.equal(viridis(7), '#fde725')
    // between two stops: halfway from the first to the second
    assert.equal(viridis(0.125), '#402a70')
  })

  test('a line chart is an image with its title and description, a dashed target line, y labels in percent, and a gap where a day has no value', ({
    assert,
  }) => {
    const svg = lineChart({
      id: 'c',
      title: 'Svarsandel <per dag>',
      description: 'Beskrivning',
      points: [
        { label: '01', value: 0.9 },
        { label: '02', value: 0.8 },
        { label: '03', value: null },
        { label: '04', value: 0.95 },
        { label: '05', value: 0.9 },
      ],
      target: 0.85,
      targetLabel: 'mål 85 %',
    })
    assert.include(svg, 'role="img" aria-labelledby="c-title c-desc"')
    assert.include(svg, '<title id="c-title">Svarsandel &lt;per dag&gt;</title>')
    assert.include(svg, 'stroke-dasharray="6 4"')
    assert.include(svg, '>mål 85 %</text>')
    assert.include(svg, '>100 %</text>')
    // two runs either side of the missing day
    assert.lengthOf(svg.match(/<polyline/g)!, 2)
    assert.notInclude(svg, 'style=')
  })

  test('a heatmap has a legend from its low end to 100 % and a dash for an hour with no calls', ({
    assert,
  }) => {
    const svg = heatmap({
      id: 'h',
      title: 'Veckodag × timme',
      description: 'Beskrivning',
      columns: ['08', '09'],
      rows: [{ label: 'mån', cells: [0.9, null] }],
      low: 0.6,
      legendLow: '60 % eller lägre',
      legendHigh: '100 %',
    })
    assert.include(svg, '<linearGradient id="h-scale"')
    assert.include(svg, '>60 % eller lägre</text>')
    assert.include(svg, '>–</text>')
    // 0.9 on 0.6–1 is 75 % of the scale
    assert.include(svg, `fill="${viridis(0.75)}"`)
    assert.notInclude(svg, 'style=')
  })
})
