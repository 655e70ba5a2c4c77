/**
 * The answer-time distribution (issue 17 point 4): how many answered calls were answered
 * within 10, 20, 30, 60, 120 and 180 seconds, read from the stored wait buckets (each limit
 * is a bucket boundary, app/domain/wait_buckets.ts, so the counts are exact). Shares are
 * given of the answered calls and of the offered calls (the 60 s share of offered is the
 * service level when the target time is 60 s).
 */
import type { BucketCount } from '#domain/service_level'
import { isBucketBoundary } from '#domain/wait_buckets'

export const ANSWER_TIME_LIMITS = [10, 20, 30, 60, 120, 180] as const

export interface AnswerTimeRow {
  limit: number
  answered: number
  shareOfAnswered: number | null
  shareOfOffered: number | null
}

const ANSWERED = new Set(['besvarat', 'kopplat', 'meddelande'])

export function answerTimeDistribution(
  buckets: Pick<BucketCount, 'outcome' | 'waitBucket' | 'calls'>[],
  offered: number
): AnswerTimeRow[] {
  const answeredBuckets = buckets.filter((bucket) => ANSWERED.has(bucket.outcome))
  const answered = answeredBuckets.reduce((sum, bucket) => sum + bucket.calls, 0)
  return ANSWER_TIME_LIMITS.map((limit) => {
    if (!isBucketBoundary(limit)) throw new Error(`${limit} s is not a wait-bucket boundary`)
    const within = answeredBuckets
      .filter((bucket) => bucket.waitBucket <= limit)
      .reduce((sum, bucket) => sum + bucket.calls, 0)
    return {
      limit,
      answered: within,
      shareOfAnswered: answered === 0 ? null : within / answered,
      shareOfOffered: offered === 0 ? null : within / offered,
    }
  })
}
