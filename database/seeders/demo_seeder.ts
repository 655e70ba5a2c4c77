import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { loadDemo } from '#database/demo/index'

/** `npm run ace -- db:seed` loads the demo data (same as `demo:load`). */
export default class DemoSeeder extends BaseSeeder {
  static environment = ['development', 'test']

  async run() {
    await loadDemo()
  }
}
