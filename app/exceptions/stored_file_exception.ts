import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'
import logger from '@adonisjs/core/services/logger'

/**
 * A stored document (an invoice PDF, meeting minutes) that fails its checksum (409) or is
 * gone (410). Retrying cannot help: the reader is told to contact the coordinator, and
 * the operators get an alert in the log (error level) naming the document and the file.
 */
export default class StoredFileException extends Exception {
  constructor(
    readonly problem: 'damaged' | 'missing',
    readonly filePath: string,
    readonly document: { name: string; damagedMessage: string }
  ) {
    super(
      `${document.name}: ${filePath} ${problem === 'damaged' ? 'does not match its checksum' : 'is missing'}`,
      {
        status: problem === 'damaged' ? 409 : 410,
        code: problem === 'damaged' ? 'E_STORED_FILE_DAMAGED' : 'E_STORED_FILE_MISSING',
      }
    )
  }

  report() {
    logger.error(
      { alert: true, document: this.document.name, path: this.filePath, problem: this.problem },
      `ALERT stored file ${this.problem}: ${this.document.name} (${this.filePath}) ` +
        (this.problem === 'damaged' ? 'stämmer inte med sin kontrollsumma' : 'saknas') +
        '; restore it from backup'
    )
  }

  async handle(error: this, ctx: HttpContext) {
    const text = ctx.i18n.t(error.document.damagedMessage)
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(error.status).send({ errors: [{ message: text }] })
    }
    return ctx.response
      .status(error.status)
      .send(await ctx.view.render('pages/errors/stored_file', { message: text }))
  }
}
