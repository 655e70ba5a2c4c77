import { test } from '@japa/runner'
import { allocationGaps } from '#domain/month_end'
import { jobTimings } from '#services/job_queue'
import { shutdownTimeoutMs } from '#services/shutdown'

const pool = (code: string, amountOre: bigint, sharesOre = amountOre) => ({
  pool: code,
  amountOre,
  sharesOre,
})

test.group('Month-end guards / a complete allocation', () => {
  test('a calculation whose every pool is stored and shared to the öre is complete', ({
    assert,
  }) => {
    assert.deepEqual(
      allocationGaps({ poolCount: 2 }, [pool('TELEFONIST', 100_00n), pool('SAMORDNING', 0n)]),
      []
    )
  })

  test('no calculation, a missing pool, an empty calculation or shares that do not add up are gaps', ({
    assert,
  }) => {
    assert.deepEqual(allocationGaps(null, []), [{ kind: 'noCalculation' }])
    assert.deepEqual(allocationGaps({ poolCount: 3 }, [pool('A', 1n), pool('B', 2n)]), [
      { kind: 'missingPools', expected: 3, found: 2 },
    ])
    assert.deepEqual(allocationGaps({ poolCount: 0 }, []), [
      { kind: 'missingPools', expected: 0, found: 0 },
    ])
    assert.deepEqual(allocationGaps({ poolCount: 1 }, [pool('A', 100n, 99n)]), [
      { kind: 'unbalanced', pool: 'A', amountOre: 100n, sharesOre: 99n },
    ])
  })
})

test.group('Job leases and shutdown / timings', () => {
  test('defaults: a 60 s lease renewed every 15 s, swept every 30 s, so an abandoned job is back within 2 minutes', ({
    assert,
  }) => {
    const timings = jobTimings({})
    assert.deepEqual(timings, {
      leaseMs: 60_000,
      heartbeatMs: 15_000,
      sweepMs: 30_000,
      pollMs: 1000,
    })
    assert.isAtMost(timings.leaseMs + timings.sweepMs, 120_000)
  })

  test('the environment sets them in seconds; a heartbeat comes at least three times per lease', ({
    assert,
  }) => {
    assert.deepEqual(
      jobTimings({
        JOB_LEASE_SECONDS: '2',
        JOB_HEARTBEAT_SECONDS: '5',
        JOB_SWEEP_SECONDS: '0.5',
        JOB_POLL_SECONDS: 'x',
      }),
      {
        leaseMs: 2000,
        heartbeatMs: 2000 / 3,
        sweepMs: 500,
        pollMs: 1000,
      }
    )
  })

  test('SIGTERM drains for 30 s unless SHUTDOWN_TIMEOUT_SECONDS says otherwise', ({ assert }) => {
    assert.equal(shutdownTimeoutMs({}), 30_000)
    assert.equal(shutdownTimeoutMs({ SHUTDOWN_TIMEOUT_SECONDS: '1.5' }), 1500)
    assert.equal(shutdownTimeoutMs({ SHUTDOWN_TIMEOUT_SECONDS: 'nej' }), 30_000)
  })
})
