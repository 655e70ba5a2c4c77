/**
 * Which version of a routine a contact must have acknowledged: the newest significant
 * version (the first version always is). A minor version keeps earlier acknowledgements.
 */
export function requiredVersion(versions: { version: number; significant: boolean }[]) {
  const significant = versions.filter((v) => v.significant || v.version === 1).map((v) => v.version)
  return significant.length === 0 ? null : Math.max(...significant)
}

export function isAcknowledged(
  acknowledgedVersion: number | null | undefined,
  required: number | null
) {
  if (required === null) return true
  return (
    acknowledgedVersion !== null &&
    acknowledgedVersion !== undefined &&
    acknowledgedVersion >= required
  )
}
