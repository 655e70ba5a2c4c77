import { Exception } from '@adonisjs/core/exceptions'

/**
 * A request refused for what it holds (400; 422 when it is well formed but lacks what the
 * form always sends), its size (413) or its kind (415), with a message written for
 * the user — in Swedish (or the user's language) — that the error page shows as it is.
 * Any other error's own text is never shown (app/exceptions/handler.ts).
 */
export class RequestRefusedException extends Exception {
  constructor(message: string, status: 400 | 413 | 415 | 422 = 400) {
    super(message, {
      status,
      code: status === 413 ? 'E_REQUEST_ENTITY_TOO_LARGE' : 'E_REQUEST_REFUSED',
    })
  }
}
