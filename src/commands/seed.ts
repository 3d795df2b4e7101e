import { seedDemo } from '../db/seed/demo.ts'
import { issueDemoCredentials } from '../db/seed/demo-credentials.ts'
import type { DbCommand } from './command.ts'

/** `embassy seed --demo`: loads the demo programs from the seed documents and issues their credentials (idempotent). */
export const seedCommand: DbCommand = {
  name: 'seed',
  async run(deps, options, io) {
    if (options.demo !== true) {
      io.err('Nothing to seed: pass --demo to load the KubeSphere and OpenStack demo programs.')
      return 2
    }
    const report = await seedDemo(deps.db, deps.clock())
    const issued = await issueDemoCredentials(deps)
    deps.pageCache.clear()
    for (const slug of report.created) io.out(`created community ${slug}`)
    if (issued) io.out(`issued ${issued} demo credentials (KubeSphere Ambassadors 2023)`)
    for (const slug of report.skipped) io.out(`community ${slug} already exists; left as it is`)
    return 0
  },
}
