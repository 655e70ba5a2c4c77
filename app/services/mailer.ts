import env from '#start/env'
import app from '@adonisjs/core/services/app'

/** E-mail is on when SMTP_HOST is set (always in tests, where mail.fake() catches it). */
export function mailEnabled() {
  return app.inTest || Boolean(env.get('SMTP_HOST'))
}
