import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import type { AppEnv } from '../../ui/env.ts'
import { evaluateApplication } from './eligibility-input.ts'
import { chooseCohort, getApplyContext } from './queries.ts'
import { ApplyPage } from './views/apply-page.tsx'

/**
 * A program's application form as an applicant sees it before typing anything (the questions, the stated
 * requirements, the evidence rows, the eligibility summary), in the visitor's language, read-only: for its
 * managers, whether or not a cohort takes applications now. Nothing on it can be sent. The cohort named is the
 * one applications are open for, else the next, else the last (none for a program without an application window).
 */
export async function renderFormPreview(deps: AppDeps, c: Context<AppEnv>, communitySlug: string, programSlug: string, back: string) {
  const ctx = await getApplyContext(deps.db, communitySlug, programSlug)
  if (!ctx) throw new AppError('not_found', 'There is no such program.', {}, { key: 'error.noProgram' })
  const locale = c.get('locale')
  const { entry } = chooseCohort(ctx.cohortWindows, deps.clock())
  const window = { timeZone: entry?.cohort.timeZone ?? 'UTC', closesAt: entry?.window.closesAt ?? deps.clock() }
  const verdict = evaluateApplication({ requirements: ctx.requirements, requirementsAtLeast: ctx.program.requirementsAtLeast }, window, { attestedMinimumAge: null, affirmed: [], freeForm: {}, evidence: [] }, locale)
  return (
    <ApplyPage
      locale={locale}
      csrf=""
      community={ctx.community}
      program={ctx.program}
      cohort={entry?.cohort ?? null}
      questions={ctx.questions}
      requirements={ctx.requirements}
      deadline=""
      imported={[]}
      values={{}}
      evidenceRows={0}
      errors={{}}
      status="new"
      verdict={verdict}
      preview={{ back }}
    />
  )
}
