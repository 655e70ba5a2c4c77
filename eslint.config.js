import { configApp } from '@adonisjs/eslint-config'

/**
 * Layering (docs/architecture.md, docs/adr/0017): the domain is pure TypeScript — no
 * framework, no database, no adapters — and controllers reach the database only through an
 * action or a query.
 */
const NOT_IN_THE_DOMAIN = [
  { group: ['@adonisjs/*', '@adonisjs/**'], message: 'app/domain is pure: no framework imports.' },
  { group: ['pg', 'pg-*', 'knex'], message: 'app/domain is pure: no database imports.' },
  {
    group: ['#services/*', '#actions/*', '#queries/*', '#models/*', '#controllers/*', '#start/*'],
    message: 'app/domain is pure: the other layers depend on it, not it on them.',
  },
]

/** Production code does not depend on the benchmarks (bench/ may import app/, not back). */
const NOT_THE_BENCHES = {
  group: ['#bench/*', '**/bench/*'],
  message: 'Production code does not import bench/ (shared generators live in database/demo).',
}

export default configApp(
  { ignores: ['tmp/**', 'storage/**', 'build/**', '.adonisjs/**', 'node_modules/**'] },
  {
    name: 'Växelnavet: tests read responses inline',
    files: ['tests/**/*.ts'],
    rules: {
      // `(await client.get(url)).text` is how a Japa test reads a response; hoisting each of
      // ~150 into a variable adds names without adding clarity (docs/adr/0017).
      '@unicorn/no-await-expression-member': 'off',
    },
  },
  {
    name: 'Växelnavet: house overrides',
    files: ['**/*.ts'],
    rules: {
      // The adonis list, plus a leading underscore for a value destructured away on purpose.
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'variable',
          format: ['camelCase', 'UPPER_CASE', 'PascalCase'],
          leadingUnderscore: 'allow',
        },
        { selector: 'typeLike', format: ['PascalCase'] },
        { selector: 'class', format: ['PascalCase'] },
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: false },
        },
      ],
    },
  },
  {
    name: 'Växelnavet: no benches in production code',
    files: ['app/**/*.ts', 'commands/**/*.ts', 'start/**/*.ts', 'database/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NOT_THE_BENCHES] }] },
  },
  {
    // issue 14: a file in app/ that outgrows this has more than one concern — split it
    // along its seams (README "Layout") rather than raise the number
    name: 'Växelnavet: no file in app/ over 400 lines',
    files: ['app/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    name: 'Växelnavet: pure domain',
    files: ['app/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...NOT_IN_THE_DOMAIN, NOT_THE_BENCHES] }],
    },
  },
  {
    name: 'Växelnavet: thin controllers',
    files: ['app/controllers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@adonisjs/lucid/services/db',
              message: 'Controllers call an action (app/actions) or a query (app/queries), not db.',
            },
          ],
          patterns: [NOT_THE_BENCHES],
        },
      ],
    },
  }
)
