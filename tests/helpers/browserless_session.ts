/**
 * A visitor of a running server without a browser: keeps the cookies, reads each form's
 * CSRF token from the page and posts forms the way a browser does (urlencoded or
 * multipart, `_method` for PUT), so a test can walk an app started as its own process.
 */
export class HttpVisitor {
  #cookies = new Map<string, string>()
  #csrf = ''

  constructor(private base: string) {}

  /** Go on with the same cookies against another server (another instance of the app). */
  moveTo(base: string) {
    this.base = base
    return this
  }

  #keep(response: Response) {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const index = pair.indexOf('=')
      this.#cookies.set(pair.slice(0, index), pair.slice(index + 1))
    }
  }

  /** The cookies as a request header, for a request made by hand (a download). */
  get cookieHeader() {
    return this.#cookieHeader
  }

  get #cookieHeader() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  /** GET a page; remembers the CSRF token of its forms. */
  async get(path: string) {
    const response = await fetch(this.base + path, {
      headers: { cookie: this.#cookieHeader },
      redirect: 'manual',
    })
    this.#keep(response)
    const text = await response.text()
    const token = /name='_csrf' value='([^']+)'/.exec(text)
    if (token) this.#csrf = token[1]
    return { status: response.status, location: response.headers.get('location'), text }
  }

  /** Submit a form (with the last page's CSRF token); `method` PUT/DELETE go as `_method`. */
  async submit(
    path: string,
    fields: Record<string, string | Blob>,
    options: {
      method?: 'PUT' | 'DELETE'
      file?: { field: string; name: string; content: Buffer }
    } = {}
  ) {
    const url = this.base + path + (options.method ? `?_method=${options.method}` : '')
    let body: FormData | URLSearchParams
    if (options.file) {
      body = new FormData()
      body.set('_csrf', this.#csrf)
      for (const [name, value] of Object.entries(fields)) body.set(name, value)
      body.set(
        options.file.field,
        new Blob([new Uint8Array(options.file.content)]),
        options.file.name
      )
    } else {
      body = new URLSearchParams({ _csrf: this.#csrf, ...(fields as Record<string, string>) })
    }
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { cookie: this.#cookieHeader },
      redirect: 'manual',
    })
    this.#keep(response)
    return {
      status: response.status,
      location: response.headers.get('location'),
      text: await response.text(),
    }
  }

  /** Upload one file the way the import pages do (field `file`). */
  upload(path: string, name: string, content: Buffer) {
    return this.submit(path, {}, { file: { field: 'file', name, content } })
  }
}
