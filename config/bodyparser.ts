import { defineConfig } from '@adonisjs/core/bodyparser'

export default defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: {
    // a routine of 100 000 characters of Swedish text, URL-encoded, fits
    limit: '1mb',
    convertEmptyStringsToNull: true,
    trimWhitespaces: true,
    types: ['application/x-www-form-urlencoded'],
  },
  json: {
    limit: '1mb',
    convertEmptyStringsToNull: true,
    trimWhitespaces: true,
    types: ['application/json', 'application/vnd.api+json'],
  },
  /*
   * Multipart bodies are never read here: only the upload routes read them, after the user
   * is authorised, with a limit of their own, and delete the temp files afterwards
   * (app/services/uploads.ts, app/middleware/upload_gate_middleware.ts).
   */
  multipart: {
    autoProcess: false,
    convertEmptyStringsToNull: true,
    trimWhitespaces: true,
    processManually: [],
    // the largest an upload route allows (call records: a month is up to ~80 MB)
    limit: '200mb',
    types: ['multipart/form-data'],
  },
})
