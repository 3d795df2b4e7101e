import { eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { assignCommand } from '../../commands/assign.ts'
import { makeReviewCohort, REVIEW_OPEN } from './review-fixtures.ts'
import { reviewAssignments } from './schema.ts'
import { runCommand } from '../../../tests/support/command-io.ts'

describeDb('embassy assign', (ctx) => {
  let fx: Awaited<ReturnType<typeof makeReviewCohort>>
  const runCli = (options: Record<string, unknown>) => runCommand(assignCommand, ctx(), options)
  const stored = async () => (await ctx().db.select().from(reviewAssignments).where(eq(reviewAssignments.cohortId, fx.cohortId))).length

  beforeAll(async () => {
    ctx().setNow(REVIEW_OPEN)
    fx = await makeReviewCohort(ctx().db, {
      applicants: [{ name: 'Ana', email: 'ana@corp.example' }, { name: 'Bo', locale: 'zh-CN' }, { name: 'Cy' }, { name: 'Di' }],
      reviewers: [{ name: 'Rita', email: 'rita@corp.example' }, { name: 'Sam', languages: ['en'] }, { name: 'Tao', email: 'tao@corp.example', languages: ['en'] }],
    })
  })

  it('prints the plan with --dry-run and writes nothing, then assigns; applications short of reviewers exit 1', async () => {
    const dry = await runCli({ cohort: fx.path, perApplication: '2', dryRun: true })
    expect(dry.out[0]).toBe('Ambassadors 2025: 4 submitted applications, 3 reviewers, 2 reviewers per application')
    expect(dry.out[1]).toBe('would add 6 assignments (dry run: nothing written)')
    // Ana: Rita and Tao are her colleagues; Bo applied in Chinese, which only Rita reads: one reviewer each.
    expect(dry.out.filter((l) => l.startsWith('short:')).sort()).toEqual([
      'short: Ana has 1 of 2 reviewers (1 eligible: conflicts or languages)',
      'short: Bo has 1 of 2 reviewers (1 eligible: conflicts or languages)',
    ])
    expect(dry.code).toBe(1)
    expect(await stored()).toBe(0)
    const saved = await runCli({ cohort: fx.path, perApplication: '2' })
    expect(saved.out[1]).toBe('added 6 assignments')
    expect(await stored()).toBe(6)
  })

  it('refuses a malformed cohort or k with exit code 2', async () => {
    expect((await runCli({ cohort: 'nope' })).err).toEqual(['assign: name the cohort as community/program/cohort, e.g. kubesphere/ksap/2023'])
    expect((await runCli({ cohort: fx.path, perApplication: '0' })).code).toBe(2)
    expect((await runCli({ cohort: 'a/b/c' })).err).toEqual(['assign: There is no cohort a/b/c.'])
  })
})
