import { test } from '@japa/runner'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import app from '@adonisjs/core/services/app'
import edge from 'edge.js'

/**
 * Issue 14 point 6 (docs/adr/0023 point 7): a single-button POST form, a filter form, page links
 * and a pass/fail badge are written once, in resources/views/components/. These tests read the
 * page templates and fail when one of them is written out by hand again.
 */

/**
 * The POST forms that write `csrfField()` themselves, by template and by the route their action
 * names first: each has fields of its own, which @!postButton does not draw. A form that is
 * only a button belongs in @!postButton, not here.
 */
const MULTI_FIELD_FORMS: Record<string, string[]> = {
  'pages/allocations/approve.edge': ['allocations.approve'],
  'pages/allocations/index.edge': ['allocations.run'],
  'pages/announcements/index.edge': ['announcements.store'],
  'pages/auth/change_password.edge': ['password.update'],
  'pages/auth/login.edge': ['session.store'],
  'pages/budget/edit.edge': ['budget.update'],
  'pages/budget/index.edge': ['budget.method', 'budget.true_up'],
  // the row's fields point at this empty form with form="save-…" (a form cannot sit in a <tr>)
  'pages/categories/index.edge': ['categories.update', 'categories.store'],
  'pages/cost_pools/form.edge': ['cost_pools.update'],
  'pages/deviations/form.edge': ['deviations.store'],
  'pages/deviations/show.edge': ['deviations.update_status'],
  'pages/extension_orders/form.edge': ['extension_orders.store', 'extension_orders.upload'],
  'pages/extension_orders/show.edge': ['extension_orders.decide', 'extension_orders.complete'],
  'pages/extension_orders/unused.edge': ['extension_orders.order_removals'],
  'pages/feedback/form.edge': ['feedback.store'],
  'pages/feedback/show.edge': ['feedback.answer'],
  'pages/forum/create.edge': ['forum.store'],
  'pages/forum/edit_post.edge': ['forum.update_post'],
  'pages/forum/show.edge': [
    'forum.moderate_thread',
    'forum.moderate_post',
    'forum.report',
    'forum.reply',
  ],
  'pages/imports/upload.edge': ['imports.store'],
  'pages/invoices/credit.edge': ['invoices.credit'],
  'pages/meetings/_governance.edge': ['meetings.store_decision', 'meetings.store_action_item'],
  'pages/meetings/form.edge': ['meetings.update'],
  'pages/meetings/minutes.edge': ['meetings.publish_minutes'],
  // the answer's buttons each send their value and say which is chosen (aria-pressed)
  'pages/meetings/show.edge': ['meetings.cancel', 'meetings.respond'],
  'pages/meetings/steering_group.edge': ['steering_group.update'],
  'pages/notifications/preferences.edge': ['notifications.update_preferences'],
  // one form for a new organisation and an edit: its action names organisations.update first
  'pages/organisations/form.edge': ['organisations.update'],
  'pages/quality/index.edge': ['quality.credit', 'quality.explain'],
  'pages/quality/opening_hours.edge': ['opening_hours.update', 'opening_hours.store_period'],
  'pages/quality/targets.edge': ['quality_targets.store'],
  'pages/routines/form.edge': ['routines.update', 'routines.publish'],
  'pages/settings/index.edge': ['settings.update'],
  'pages/surveys/form.edge': ['surveys.store'],
  'pages/surveys/show.edge': ['surveys.respond'],
  'pages/users/form.edge': ['users.update', 'access_tokens.store'],
  'partials/control_loop.edge': ['invoices.correctPeriod'],
}

interface HandWrittenForm {
  line: number
  method: 'GET' | 'POST'
  route: string | null
  /** inputs (not hidden), selects, textareas, form.field components and buttons that send a value (name=) */
  fields: number
  buttons: number
  csrf: boolean
}

/** Every <form> written out in a template, with what it holds (Edge comments left out). */
function handWrittenForms(template: string): HandWrittenForm[] {
  const source = template.replace(/\{\{--[\s\S]*?--\}\}/g, (comment) =>
    comment.replace(/[^\n]/g, ' ')
  )
  return [...source.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((match) => {
    const [whole, attributes, body] = match
    return {
      line: source.slice(0, match.index).split('\n').length,
      method: /method="post"/i.test(attributes) ? 'POST' : 'GET',
      route: /urlFor\('([^']+)'/.exec(attributes)?.[1] ?? null,
      fields: (
        body.match(
          /<input\b(?![^>]*type="hidden")|<select\b|<textarea\b|@!form\.field\(|<button\b[^>]*\bname=/g
        ) ?? []
      ).length,
      buttons: (body.match(/<button\b/g) ?? []).length,
      csrf: whole.includes('csrfField'),
    }
  })
}

/** What a template writes by hand that a component draws. */
function findingsIn(name: string, template: string): string[] {
  const findings: string[] = []
  const allowed = MULTI_FIELD_FORMS[name] ?? []
  const forms = handWrittenForms(template)
  for (const form of forms) {
    const where = `${name}:${form.line} (${form.route ?? 'no route'})`
    if (form.method === 'GET') {
      findings.push(`${where}: a filter form written by hand — use @filterForm`)
    } else if (form.fields === 0 && form.buttons === 1) {
      findings.push(`${where}: a single-button POST form written by hand — use @!postButton`)
    } else if (!form.route || !allowed.includes(form.route)) {
      findings.push(`${where}: a POST form written by hand that is not in MULTI_FIELD_FORMS`)
    }
  }
  const csrfInForms = forms.filter((form) => form.csrf).length
  const csrfCalls = template.match(/csrfField\(/g)?.length ?? 0
  if (csrfCalls > csrfInForms) findings.push(`${name}: csrfField() outside a form`)
  if (/getUrlsForRange|\.lastPage\b/.test(template))
    findings.push(`${name}: page links written by hand — use @!pagination`)
  if (/t\('quality\.(met|notMet)'\)/.test(template))
    findings.push(`${name}: a pass/fail badge written by hand — use @!passFail`)
  return findings
}

async function templates() {
  const root = app.viewsPath()
  const found: { name: string; source: string }[] = []
  for (const folder of ['pages', 'partials']) {
    const entries = await readdir(join(root, folder), { recursive: true, withFileTypes: true })
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith('.edge')) continue
      const path = join(entry.parentPath, entry.name)
      const name = relative(root, path)
      found.push({ name, source: await readFile(path, 'utf8') })
    }
  }
  return found
}

test.group('View components are the one home of their markup (issue 14 point 6)', () => {
  test('the check finds a hand-written single-button form, filter form and pagination', ({
    assert,
  }) => {
    const page = [
      `<form method="POST" action="{{ urlFor('notifications.read_all') }}">`,
      '  {{ csrfField() }}',
      '  <input type="hidden" name="x" value="1">',
      '  <button type="submit">{{ t(\'notifications.markAllRead\') }}</button>',
      '</form>',
      `<form class="filters" method="GET" action="{{ urlFor('audit.index') }}">`,
      '  <select name="typ"></select><button type="submit">Filtrera</button>',
      '</form>',
      '{{ csrfField() }}',
      '@each(link in paginator.getUrlsForRange(1, 3))',
      '@end',
    ].join('\n')
    assert.deepEqual(findingsIn('pages/example.edge', page), [
      'pages/example.edge:1 (notifications.read_all): a single-button POST form written by hand — use @!postButton',
      'pages/example.edge:6 (audit.index): a filter form written by hand — use @filterForm',
      'pages/example.edge: csrfField() outside a form',
      'pages/example.edge: page links written by hand — use @!pagination',
    ])
    // a form with fields is found too until it is listed, and a listed one passes
    const withField = `<form method="POST" action="{{ urlFor('settings.update') }}">{{ csrfField() }}<input name="v"><button>Spara</button></form>`
    assert.lengthOf(findingsIn('pages/other.edge', withField), 1)
    assert.deepEqual(findingsIn('pages/settings/index.edge', withField), [])
    // a button that sends its own value (a choice among buttons) is a field of its form
    const choice = `<form method="POST" action="{{ urlFor('settings.update') }}">{{ csrfField() }}<button name="v" value="1">Ja</button></form>`
    assert.deepEqual(findingsIn('pages/settings/index.edge', choice), [])
  })

  test('no page or partial writes a single-button POST form, a filter form, page links or a pass/fail badge by hand', async ({
    assert,
  }) => {
    const all = await templates()
    assert.isAbove(all.length, 50, 'the templates were read')
    assert.deepEqual(
      all.flatMap(({ name, source }) => findingsIn(name, source)),
      []
    )
  })

  test('every form in MULTI_FIELD_FORMS still exists and has fields of its own', async ({
    assert,
  }) => {
    const byName = new Map((await templates()).map(({ name, source }) => [name, source]))
    const stale: string[] = []
    for (const [name, routes] of Object.entries(MULTI_FIELD_FORMS)) {
      const forms = handWrittenForms(byName.get(name) ?? '')
      for (const route of routes) {
        const form = forms.find((candidate) => candidate.route === route)
        // the categories' save form is empty on purpose: its fields sit in the table row
        if (!form || (form.fields === 0 && route !== 'categories.update'))
          stale.push(`${name}: ${route}`)
      }
    }
    assert.deepEqual(stale, [])
  })
})

test.group('View components render what the hand-written forms did', () => {
  /** as a request renders it: Shield shares csrfField with the views, components included */
  const render = async (template: string) => {
    const csrfField = () =>
      edge.globals.html.safe('<input type="hidden" name="_csrf" value="token">')
    const html = await edge.createRenderer().share({ csrfField }).renderRaw(template)
    return html.replace(/\s*\n\s*/g, '')
  }

  test('postButton posts with the CSRF token, its hidden fields and a button named for its row', async ({
    assert,
  }) => {
    const html = await render(
      "@!postButton({ action: '/x/1?_method=DELETE', label: 'Ta bort', variant: 'link', context: 'Rad 1', fields: { decision: 'cancel' } })"
    )
    assert.equal(
      html,
      '<form method="POST" action="/x/1?_method=DELETE"><input type="hidden" name="_csrf" value="token">' +
        '<input type="hidden" name="decision" value="cancel">' +
        '<button type="submit" class="link">Ta bort<span class="visually-hidden"> Rad 1</span></button></form>'
    )
  })

  test('postButton asks its question with a cancel link, and a hint describes the button', async ({
    assert,
  }) => {
    const confirm = await render(
      "@!postButton({ action: '/y', label: 'Fakturera', lead: 'Säker?', cancel: { href: '/z', label: 'Avbryt' }, formClass: 'stack' })"
    )
    assert.include(
      confirm,
      '<p>Säker?</p><div class="confirm-actions"><button type="submit">Fakturera</button><a href="/z">Avbryt</a></div>'
    )
    const hinted = await render(
      "@!postButton({ action: '/y', label: 'Stäng', variant: 'secondary', disabled: true, hint: 'Kan inte ångras', hintId: 'close-hint' })"
    )
    assert.include(
      hinted,
      '<button type="submit" class="button-secondary" disabled aria-describedby="close-hint">Stäng</button><span class="hint" id="close-hint">Kan inte ångras</span>'
    )
  })

  test('filterForm is a GET form that can name its landmark, skip browser validation and show its refusal', async ({
    assert,
  }) => {
    const html = await render(
      "@filterForm({ action: '/r', search: true, label: 'Filter', novalidate: true, error: 'Fel år', errorId: 'year-error' })\n<input name=\"ar\">\n@end"
    )
    assert.equal(
      html,
      '<form class="filters" method="GET" action="/r" role="search" aria-label="Filter" novalidate>' +
        '<input name="ar"><div><button type="submit">Filtrera</button></div>' +
        '<p class="error" id="year-error" role="alert">Fel år</p></form>'
    )
  })

  test('filterForm without a label names no landmark (the global label() helper is not a label)', async ({
    assert,
  }) => {
    const html = await render('@filterForm({ action: \'/r\' })\n<input name="ar">\n@end')
    assert.equal(
      html,
      '<form class="filters" method="GET" action="/r"><input name="ar"><div><button type="submit">Filtrera</button></div></form>'
    )
  })
})
