/**
 * Supplier quality figures (DOMAIN.md "Supplier quality"), from counts per outcome and
 * wait bucket (call_hourly). Pure: the same function serves a day, a month or an entry
 * number.
 *
 * - short abandon: Avbrutet with wait < S s (S configurable, default 5); excluded from
 *   everything below;
 * - offered = answered + abandoned; answered = Besvarat + Kopplat + Meddelande;
 * - service level = answered with wait ≤ T s / offered (T default 60);
 * - abandon rate = abandoned / offered; ASA = mean wait of answered; AHT = mean talk time
 *   of answered; transfer rate = Kopplat / answered.
 * A ratio with a zero denominator is null (no calls: nothing to judge).
 */
export interface BucketCount {
  outcome: 'besvarat' | 'kopplat' | 'avbrutet' | 'meddelande'
  /** the upper bound of the wait bucket (a wait w is in bucket b when w ≤ b) */
  waitBucket: number
  calls: number
  waitSeconds: number
  talkSeconds: number
}

export interface QualityTargets {
  targetSeconds: number
  shortAbandonSeconds: number
  serviceLevelTarget: number
  abandonRateTarget: number
}

export interface QualityFigures {
  offered: number
  answered: number
  answeredWithinTarget: number
  abandoned: number
  shortAbandons: number
  transferred: number
  serviceLevel: number | null
  abandonRate: number | null
  asaSeconds: number | null
  ahtSeconds: number | null
  transferRate: number | null
  serviceLevelMet: boolean | null
  abandonRateMet: boolean | null
}

const ANSWERED = new Set(['besvarat', 'kopplat', 'meddelande'])

/** The counts every figure derives from (call records or a supplier's statistics). */
export interface QualityCounts {
  answered: number
  withinTarget: number
  abandoned: number
  shortAbandons: number
  transferred: number
  answeredWait: number
  answeredTalk: number
}

export const emptyCounts = (): QualityCounts => ({
  answered: 0,
  withinTarget: 0,
  abandoned: 0,
  shortAbandons: 0,
  transferred: 0,
  answeredWait: 0,
  answeredTalk: 0,
})

export function addCounts(a: QualityCounts, b: QualityCounts): QualityCounts {
  return {
    answered: a.answered + b.answered,
    withinTarget: a.withinTarget + b.withinTarget,
    abandoned: a.abandoned + b.abandoned,
    shortAbandons: a.shortAbandons + b.shortAbandons,
    transferred: a.transferred + b.transferred,
    answeredWait: a.answeredWait + b.answeredWait,
    answeredTalk: a.answeredTalk + b.answeredTalk,
  }
}

export function qualityFigures(buckets: BucketCount[], targets: QualityTargets): QualityFigures {
  return figuresFromCounts(countBuckets(buckets, targets), targets)
}

/** Fold wait-bucket rows into counts under the thresholds in force. */
export function countBuckets(buckets: BucketCount[], targets: QualityTargets): QualityCounts {
  let answered = 0
  let withinTarget = 0
  let abandoned = 0
  let shortAbandons = 0
  let transferred = 0
  let answeredWait = 0
  let answeredTalk = 0
  for (const bucket of buckets) {
    if (bucket.outcome === 'avbrutet') {
      // buckets are 1 s wide up to 10 s, so "wait < S" is exactly "bucket ≤ S − 1"
      if (bucket.waitBucket < targets.shortAbandonSeconds) shortAbandons += bucket.calls
      else abandoned += bucket.calls
      continue
    }
    if (!ANSWERED.has(bucket.outcome)) continue
    answered += bucket.calls
    answeredWait += bucket.waitSeconds
    answeredTalk += bucket.talkSeconds
    if (bucket.waitBucket <= targets.targetSeconds) withinTarget += bucket.calls
    if (bucket.outcome === 'kopplat') transferred += bucket.calls
  }
  return {
    answered,
    withinTarget,
    abandoned,
    shortAbandons,
    transferred,
    answeredWait,
    answeredTalk,
  }
}

export function figuresFromCounts(counts: QualityCounts, targets: QualityTargets): QualityFigures {
  const {
    answered,
    withinTarget,
    abandoned,
    shortAbandons,
    transferred,
    answeredWait,
    answeredTalk,
  } = counts
  const offered = answered + abandoned
  const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole)
  const serviceLevel = ratio(withinTarget, offered)
  const abandonRate = ratio(abandoned, offered)
  return {
    offered,
    answered,
    answeredWithinTarget: withinTarget,
    abandoned,
    shortAbandons,
    transferred,
    serviceLevel,
    abandonRate,
    asaSeconds: ratio(answeredWait, answered),
    ahtSeconds: ratio(answeredTalk, answered),
    transferRate: ratio(transferred, answered),
    serviceLevelMet: serviceLevel === null ? null : serviceLevel >= targets.serviceLevelTarget,
    abandonRateMet: abandonRate === null ? null : abandonRate <= targets.abandonRateTarget,
  }
}

/** The bucket a wait falls in: app/domain/wait_buckets.ts is the rule's one home. */
export { waitBucket } from '#domain/wait_buckets'
