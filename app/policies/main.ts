/**
 * Bouncer policies by name. Resource policies are added here as modules are built.
 */
export const policies = {}
