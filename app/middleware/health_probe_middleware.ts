import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import HealthController from '#controllers/health_controller'

const PROBES: Record<string, 'live' | 'ready'> = {
  '/health/live': 'live',
  '/health/ready': 'ready',
}

/**
 * Health probes are answered here, before the session and CSRF middleware: a load
 * balancer asks every few seconds, and each question would otherwise leave a session row
 * behind. The routes in start/routes.ts name the same endpoints (and the controller).
 */
export default class HealthProbeMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const probe = ctx.request.method() === 'GET' ? PROBES[ctx.request.url()] : undefined
    if (!probe) return next()
    await new HealthController()[probe](ctx)
  }
}
