import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import type { MultipartFile } from '@adonisjs/core/bodyparser'

interface FileOptions {
  size: string
  extnames: string[]
}

/** A file name that is only an extension (`.csv`) or nothing at all: no name to keep. */
function hasNoName(clientName: string | undefined) {
  const name = (clientName ?? '').split(/[\\/]/).pop() ?? ''
  return name.replace(/\.[^.]*$/, '').trim() === ''
}

/**
 * An uploaded file, refused first for what is wrong with it as a file — no name (`.csv`),
 * no content (0 bytes) — and only then for its size and extension. Without this, an empty
 * file was told it was not a CSV file and a nameless one named the size limit: the wrong
 * reason (attack pass 2026-12-03). Messages: `file.noName`, `file.empty`.
 */
export function uploadedFile(options: FileOptions) {
  return vine.file((field: FieldContext) => {
    const file = field.value as MultipartFile
    if (hasNoName(file.clientName)) {
      field.report('{{ field }} har inget namn', 'file.noName', field)
      return {}
    }
    if (file.size === 0) {
      field.report('{{ field }} är tom', 'file.empty', field)
      return {}
    }
    return options
  })
}
