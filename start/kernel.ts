/*
|--------------------------------------------------------------------------
| HTTP kernel: middleware
|--------------------------------------------------------------------------
|
| Session, CSRF, auth and language run in the server stack, so that even a 404 for an
| unknown address renders the Swedish page with the user's menu.
*/
import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import edge from 'edge.js'

/*
| Shield's provider builds its middleware anew for every request and imports edge.js each
| time (a round trip to the TypeScript module loader per request, ~3 % of the server's
| time on the forum pages). The middleware keeps no per-request state, so one instance
| serves every request.
*/
app.container.singleton(ShieldMiddleware, async (resolver) => {
  const encryption = await resolver.make('encryption')
  return new ShieldMiddleware(app.config.get('shield', {}), encryption.use(), edge)
})

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/container_bindings_middleware'),
  () => import('#middleware/request_log_middleware'),
  () => import('#middleware/security_headers_middleware'),
  () => import('#middleware/public_files_middleware'),
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('@adonisjs/session/session_middleware'),
  () => import('#middleware/flash_without_secrets_middleware'),
  () => import('#middleware/detect_user_locale_middleware'),
  () => import('#middleware/upload_gate_middleware'),
  () => import('#middleware/reject_nul_bytes_middleware'),
  () => import('@adonisjs/shield/shield_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/silent_auth_middleware'),
  () => import('#middleware/organisation_scope_middleware'),
  () => import('#middleware/initialize_bouncer_middleware'),
])

router.use([() => import('#middleware/view_state_middleware')])

export const middleware = router.named({
  guest: () => import('#middleware/guest_middleware'),
  auth: () => import('#middleware/auth_middleware'),
  apiAuth: () => import('#middleware/api_auth_middleware'),
})
