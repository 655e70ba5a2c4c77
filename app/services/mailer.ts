import env from '#start/env'
import app from '@adonisjs/core/services/app'

let switchedOff = false

/** E-mail is on when SMTP_HOST is set (always in tests, where mail.fake() catches it). */
export function mailEnabled() {
  return !switchedOff && (app.inTest || Boolean(env.get('SMTP_HOST')))
}

/**
 * Run `work` as on a server without SMTP_HOST — for the tests of what the pages say while
 * e-mail is off (the tests otherwise always have e-mail).
 */
export async function withMailOff<T>(work: () => Promise<T>): Promise<T> {
  switchedOff = true
  try {
    return await work()
  } finally {
    switchedOff = false
  }
}
