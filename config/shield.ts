import { defineConfig } from '@adonisjs/shield'
import { isDeferredUpload } from '#services/uploads'

export default defineConfig({
  csp: {
    enabled: true,
    directives: {
      defaultSrc: [`'self'`],
      scriptSrc: [`'self'`],
      styleSrc: [`'self'`],
      imgSrc: [`'self'`, 'data:'],
      formAction: [`'self'`],
      frameAncestors: [`'none'`],
      objectSrc: [`'none'`],
    },
    reportOnly: false,
  },
  csrf: {
    enabled: true,
    // the API takes tokens, not cookies; an upload's token is in its body, which the upload
    // route reads after authorising the user and then checks (app/services/uploads.ts)
    exceptRoutes: (ctx) => ctx.request.url().startsWith('/api/') || isDeferredUpload(ctx),
    enableXsrfCookie: false,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: { enabled: true, action: 'DENY' },
  hsts: { enabled: true, maxAge: '180 days' },
  contentTypeSniffing: { enabled: true },
})
