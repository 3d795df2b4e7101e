import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { captureIO } from '../../../../tests/support/command-io.ts'
import { describeDb } from '../../../../tests/support/db.ts'
import { buildRepository, gitOutput, kubesphereRepositories, simpleCommit, type KubesphereFixture } from '../../../../tests/support/git-fixtures.ts'
import { countContributions } from '../queries.ts'
import { importGitRepository } from './import-git.ts'

// What an import is asked for beyond a whole repository: its .mailmap, an author-date window. (The import of
// the ten KubeSphere repositories and its counts against git log: import-git.db.test.ts.)

const WINDOW = { since: '2022-08-01', until: '2023-08-01', kinds: ['commit' as const], includeMerges: false, organizations: ['kubesphere'] }

let repos: KubesphereFixture[]
let scratch: string
beforeAll(async () => {
  repos = await kubesphereRepositories()
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-git-import-options-'))
}, 120_000)
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

describeDb('git importer options', (ctx) => {
  it('honours .mailmap: one identity for the mapped addresses', async () => {
    const { db } = ctx()
    const dir = path.join(scratch, `mailmap-${ctx().engine}`)
    await buildRepository(
      dir,
      [
        simpleCommit('Wei Old', 'wei@old.example.org', '2023-02-01T08:00:00+08:00', 0),
        simpleCommit('wei', '12345+wei@users.noreply.github.com', '2023-02-02T08:00:00+08:00'),
        simpleCommit('Wei Zhang', 'wei@example.org', '2023-02-03T08:00:00+08:00'),
      ],
      { repo: 'mailmap/check', mailmap: 'Wei Zhang <wei@example.org> <wei@old.example.org>\nWei Zhang <wei@example.org> <12345+wei@users.noreply.github.com>\n' },
    )
    expect(await importGitRepository(db, { path: dir }, captureIO().io)).toMatchObject({ read: 3, imported: 3 })
    const counted = await countContributions(db, { ...WINDOW, organizations: ['mailmap'] })
    expect(counted.map((c) => [c.key, c.name, c.total])).toEqual([['email:wei@example.org', 'Wei Zhang', 3]])
  })

  it('imports the author-date window asked for', async () => {
    const { db } = ctx()
    const kubekey = repos.find((r) => r.repo === 'kubesphere/kubekey')!
    const result = await importGitRepository(db, { path: kubekey.path, repo: 'window-check/kubekey', since: '2022-08-01', until: '2023-08-01' }, captureIO().io)
    const inWindow = gitOutput(kubekey.path, 'log', '--all', '--format=%aI')
      .split('\n')
      .filter(Boolean)
      .filter((d) => {
        const day = new Date(d).toISOString().slice(0, 10)
        return day >= '2022-08-01' && day < '2023-08-01'
      }).length
    expect(result.read).toBe(inWindow)
    const all = await countContributions(db, { ...WINDOW, since: '2000-01-01', until: '2100-01-01', includeMerges: true, organizations: ['window-check'] })
    const inside = await countContributions(db, { ...WINDOW, includeMerges: true, organizations: ['window-check'] })
    expect(all.reduce((s, c) => s + c.total, 0)).toBe(result.imported)
    expect(inside.reduce((s, c) => s + c.total, 0)).toBe(result.imported)
  })
})
