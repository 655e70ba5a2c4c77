/**
 * Wait buckets: the one home of their boundaries (DOMAIN.md, call quality). A wait of w
 * seconds is counted in the smallest bucket b with w ≤ b — 1-second steps up to 10 s,
 * 5-second steps up to 180 s, 60-second steps up to 300 s, and one bucket (301) above.
 * Every threshold a contract can set (the service-level target) must be a bucket boundary,
 * so a figure read from the buckets is exact.
 *
 * The SQL function `wait_bucket(integer)` (migration 0010) is the same rule for set-based
 * aggregation; tests/functional/wait_buckets.spec.ts calls it for every second 0…400 and
 * compares it with `waitBucket` here, and checks the quality_targets CHECK against
 * `isBucketBoundary`.
 */

/** Up to this many seconds, every second is its own bucket. */
export const SECOND_STEPS_UP_TO = 10
/** Then buckets of this width … */
export const MIDDLE_STEP = 5
/** … up to this many seconds, */
export const MIDDLE_STEPS_UP_TO = 180
/** then buckets of this width … */
export const MINUTE_STEP = 60
/** … up to this many seconds; */
export const LAST_BOUNDARY = 300
/** and every longer wait in one bucket. */
export const OVERFLOW_BUCKET = LAST_BOUNDARY + 1

/** The bucket a wait of `seconds` (a whole number ≥ 0) falls in. */
export function waitBucket(seconds: number) {
  if (seconds <= SECOND_STEPS_UP_TO) return seconds
  if (seconds <= MIDDLE_STEPS_UP_TO) return Math.ceil(seconds / MIDDLE_STEP) * MIDDLE_STEP
  if (seconds <= LAST_BOUNDARY) return Math.ceil(seconds / MINUTE_STEP) * MINUTE_STEP
  return OVERFLOW_BUCKET
}

/** Whether `seconds` is the upper bound of a bucket, so a target there counts exactly. */
export function isBucketBoundary(seconds: number) {
  return Number.isInteger(seconds) && seconds >= 0 && seconds <= LAST_BOUNDARY
    ? waitBucket(seconds) === seconds
    : false
}
