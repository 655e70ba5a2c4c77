/** The text of a PDF, page by page, read back with Mozilla's pdf.js (as a reader sees it). */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export async function pdfText(bytes: Uint8Array) {
  const document = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    standardFontDataUrl: new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url)
      .pathname,
  }).promise
  const pages: string[] = []
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number)
    const content = await page.getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
  }
  // no-break spaces come back as plain spaces; compare with plain()
  return plain(pages.join('\n'))
}

/** The number of pages of a PDF. */
export async function pdfPageCount(bytes: Uint8Array) {
  const document = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false })
    .promise
  return document.numPages
}

/** Text with every kind of space (no-break, narrow) as a plain space, for comparisons. */
export function plain(text: string) {
  return text.replace(/[\u00a0\u202f]/g, ' ')
}
