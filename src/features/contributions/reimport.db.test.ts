import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity } from '../../../tests/support/factories.ts'
import { buildRepository, type FixtureCommit } from '../../../tests/support/git-fixtures.ts'
import { findOrCreatePerson } from '../accounts/find-or-create-person.ts'
import { applications } from '../applications/schema.ts'
import { evaluateCommand } from '../../commands/evaluate.ts'
import type { CommandIO } from '../../commands/command.ts'
import { importGitRepository } from './git/import-git.ts'

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-reimport-'))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

/** `n` commits by `email`, one a day from `from` (UTC noon). */
function commits(email: string, from: string, n: number): FixtureCommit[] {
  return Array.from({ length: n }, (_, i) => {
    const seconds = Date.parse(`${from}T12:00:00Z`) / 1000 + i * 86_400
    const sig = { name: 'Dev', email, seconds, tz: '+0000' }
    return { author: sig, committer: sig, parents: i === 0 ? 0 : 1, message: `change ${i}` }
  })
}

function captureIo() {
  const out: string[] = []
  const err: string[] = []
  const progress: string[] = []
  const io: CommandIO = { out: (l) => out.push(l), err: (l) => err.push(l), progress: (l) => progress.push(l) }
  return { io, out, err, progress }
}

describeDb('evaluate --reimport: re-import and re-evaluate a cohort in one command', (ctx) => {
  it('runs the recorded imports of the program’s organisations again, then re-evaluates every application', async () => {
    const deps = ctx()
    const c = await makeCommunity(deps.db, {
      program: {
        requirementsAtLeast: 1,
        requirements: [{ key: 'code', title: 'Ten commits to our repositories', kind: 'code_contributions', threshold: 10, windowMonths: 12, settings: { organizations: ['ourorg'] } }],
      },
    })
    const cohort = `${c.slug}/ambassadors/2025`
    const { personId } = await findOrCreatePerson(deps.db, { provider: 'email', subject: 'dev@example.org', email: 'dev@example.org' })
    const [app] = await deps.db.insert(applications).values({ cohortId: c.cohort!.cohortId, personId, status: 'submitted' }).returning()

    // Two repositories imported once: ours with 6 commits in the window, another organisation's.
    const ours = path.join(scratch, `${deps.engine}-ours`)
    const theirs = path.join(scratch, `${deps.engine}-theirs`)
    await buildRepository(ours, commits('dev@example.org', '2024-06-01', 6))
    await buildRepository(theirs, commits('dev@example.org', '2024-06-01', 3))
    await importGitRepository(deps.db, { path: ours, repo: 'ourorg/api' })
    await importGitRepository(deps.db, { path: theirs, repo: 'otherorg/x' })

    const evaluate = async (options: Record<string, unknown>) => {
      const cap = captureIo()
      const code = await evaluateCommand.run(deps, { cohort, ...options }, cap.io)
      return { code, ...cap }
    }
    const first = await evaluate({ json: true })
    expect(first.code).toBe(0)
    expect(JSON.parse(first.out[0]!).verdict.requirements[0]).toMatchObject({ key: 'code', status: 'not_met', count: 6 })

    // Five more commits land in our repository (the same history, extended); nobody imports them.
    fs.rmSync(ours, { recursive: true })
    await buildRepository(ours, commits('dev@example.org', '2024-06-01', 11))

    const second = await evaluate({ reimport: true })
    expect(second.code).toBe(0)
    expect(second.err).toEqual([
      're-import git ourorg/api: read 11, imported 5, skipped as duplicate 6, skipped as bot 0, rejected 0',
      're-imported 1 of 1 recorded import (repositories of ourorg): read 11, imported 5, skipped as duplicate 6, skipped as bot 0, rejected 0',
      're-evaluated 1 application of Ambassadors 2025',
    ])
    expect(second.progress.some((l) => l.startsWith('re-import 1/1: git ourorg/api'))).toBe(true)
    expect(second.out.join('\n')).toContain('eligible')
    const [stored] = await deps.db.select().from(applications)
    expect(stored!.id).toBe(app!.id)
    expect((stored!.eligibility as { requirements: unknown[] }).requirements[0]).toMatchObject({ key: 'code', status: 'met', count: 11 })

    // Once more: nothing new, nothing changes.
    const third = await evaluate({ reimport: true, json: true })
    expect(third.err[0]).toBe('re-import git ourorg/api: read 11, imported 0, skipped as duplicate 11, skipped as bot 0, rejected 0')
    expect(JSON.parse(third.out[0]!).verdict.requirements[0]).toMatchObject({ status: 'met', count: 11 })

    // A recorded repository that is gone is reported, the rest still runs, and the exit code says so.
    fs.rmSync(ours, { recursive: true })
    const gone = await evaluate({ reimport: true })
    expect(gone.code).toBe(1)
    expect(gone.err[0]).toMatch(/^re-import git ourorg\/api: failed: .*-ours does not exist$/)
    expect(gone.err.at(-1)).toBe('re-evaluated 1 application of Ambassadors 2025')
  })
})
