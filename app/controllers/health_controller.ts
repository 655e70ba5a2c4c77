import type { HttpContext } from '@adonisjs/core/http'
import { readiness } from '#services/health'

/**
 * Health for load balancers and monitoring, without login: `live` answers while the
 * process runs; `ready` when this instance can serve (503 names the failing check).
 */
export default class HealthController {
  async live({ response }: HttpContext) {
    response.header('cache-control', 'no-store')
    return response.ok({ status: 'ok' })
  }

  async ready({ response }: HttpContext) {
    const report = await readiness()
    response.header('cache-control', 'no-store')
    return report.ready
      ? response.ok({ status: 'ok', checks: report.checks })
      : response.serviceUnavailable({ status: 'error', checks: report.checks })
  }
}
