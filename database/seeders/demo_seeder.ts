import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { loadDemoData } from '#database/demo/load_demo_data'

/** `npm run ace -- db:seed` loads the demo data (same as `demo:load`). */
export default class DemoSeeder extends BaseSeeder {
  static environment = ['development', 'test']

  async run() {
    await loadDemoData()
  }
}
