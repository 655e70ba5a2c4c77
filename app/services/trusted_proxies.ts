/**
 * Which reverse proxies may tell us the client's address (`X-Forwarded-For`) and protocol
 * (`X-Forwarded-Proto`). Nothing is trusted unless TRUSTED_PROXIES names the proxies: a
 * client that can reach the app directly would otherwise choose its own address and so
 * escape the per-address login limit. AdonisJS (and proxy-addr) trust loopback by default;
 * we do not, because a proxy on the same machine is a choice the operator writes down.
 *
 * TRUSTED_PROXIES is a comma-separated list of addresses or CIDR ranges (`10.0.0.5,
 * 10.1.0.0/16`), or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`.
 */
import proxyaddr from 'proxy-addr'

export type TrustProxy = false | ((address: string, hop: number) => boolean)

export function trustedProxies(setting: string | undefined): TrustProxy {
  const entries = (setting ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  // throws at boot, naming the value, when an entry is no address or range
  return entries.length === 0 ? false : proxyaddr.compile(entries)
}
