import { test } from '@japa/runner'
import { qualityFigures, waitBucket, type BucketCount } from '#domain/service_level'

const targets = {
  targetSeconds: 60,
  shortAbandonSeconds: 5,
  serviceLevelTarget: 0.85,
  abandonRateTarget: 0.05,
}

/** One call per entry: [outcome, wait, talk]. */
function calls(list: [BucketCount['outcome'], number, number][]): BucketCount[] {
  return list.map(([outcome, wait, talk]) => ({
    outcome,
    waitBucket: waitBucket(wait),
    calls: 1,
    waitSeconds: wait,
    talkSeconds: talk,
  }))
}

test.group('Supplier quality figures', () => {
  test('no calls: counts are zero and every ratio is null (nothing to judge)', ({ assert }) => {
    const figures = qualityFigures([], targets)
    assert.include(figures, {
      offered: 0,
      answered: 0,
      serviceLevel: null,
      abandonRate: null,
      asaSeconds: null,
      serviceLevelMet: null,
    })
  })

  test('all short abandons: nothing is offered', ({ assert }) => {
    const figures = qualityFigures(
      calls([
        ['avbrutet', 0, 0],
        ['avbrutet', 4, 0],
        ['avbrutet', 3, 0],
      ]),
      targets
    )
    assert.include(figures, { offered: 0, shortAbandons: 3, abandoned: 0, abandonRate: null })
  })

  test('a wait of exactly the target counts as within target; one second more does not', ({
    assert,
  }) => {
    const figures = qualityFigures(
      calls([
        ['besvarat', 60, 100],
        ['besvarat', 61, 100],
      ]),
      targets
    )
    assert.equal(figures.answeredWithinTarget, 1)
    assert.equal(figures.serviceLevel, 0.5)
  })

  test('an abandon after exactly the short-abandon threshold counts as abandoned', ({ assert }) => {
    const figures = qualityFigures(
      calls([
        ['avbrutet', 4, 0],
        ['avbrutet', 5, 0],
      ]),
      targets
    )
    assert.include(figures, { shortAbandons: 1, abandoned: 1, offered: 1 })
  })

  test('a hand-computed month: service level, abandon rate, ASA, AHT, transfer rate', ({
    assert,
  }) => {
    // answered: 10 s/100 s kopplat, 30/200 besvarat, 90/60 meddelande, 45/40 kopplat; abandoned: 20 s; short: 2 s
    const figures = qualityFigures(
      calls([
        ['kopplat', 10, 100],
        ['besvarat', 30, 200],
        ['meddelande', 90, 60],
        ['kopplat', 45, 40],
        ['avbrutet', 20, 0],
        ['avbrutet', 2, 0],
      ]),
      targets
    )
    assert.deepEqual(figures, {
      offered: 5,
      answered: 4,
      answeredWithinTarget: 3,
      abandoned: 1,
      shortAbandons: 1,
      transferred: 2,
      serviceLevel: 0.6,
      abandonRate: 0.2,
      asaSeconds: (10 + 30 + 90 + 45) / 4,
      ahtSeconds: (100 + 200 + 60 + 40) / 4,
      transferRate: 0.5,
      serviceLevelMet: false,
      abandonRateMet: false,
    })
  })

  test('targets in force decide pass and fail', ({ assert }) => {
    const list = calls([
      ['besvarat', 50, 10],
      ['besvarat', 70, 10],
      ['besvarat', 10, 10],
      ['besvarat', 10, 10],
    ])
    assert.isFalse(qualityFigures(list, targets).serviceLevelMet)
    // a later contract counts within 90 s and asks 75 %
    assert.isTrue(
      qualityFigures(list, { ...targets, targetSeconds: 90, serviceLevelTarget: 0.75 })
        .serviceLevelMet
    )
  })
})
