import { and, asc, eq, notInArray } from 'drizzle-orm'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { phaseInstants } from './define-program.ts'
import { atLeastProblem, cohortDefinition, requirementDefinition, type CohortDefinition } from './forms.ts'
import { cohortPhases, cohorts, programs, requirements } from './schema.ts'

/** PostgreSQL text cannot hold NUL: refuse it as bad input rather than fail on save (found by the fuzz suite). */
const noNul = (s: string) => !s.includes('\u0000')
const NUL_MESSAGE = 'must not contain NUL characters'

/** The program settings a manager edits. */
export const programSettings = z.object({
  name: z.string().trim().min(1, 'Give the program a name.').max(200, 'is limited to 200 characters').refine(noNul, NUL_MESSAGE),
  summary: z.string().trim().max(500, 'is limited to 500 characters').refine(noNul, NUL_MESSAGE),
  descriptionMd: z.string().max(50_000, 'is limited to 50,000 characters').refine(noNul, NUL_MESSAGE),
  benefits: z.array(z.string().trim().min(1).max(300, 'each benefit is limited to 300 characters').refine(noNul, NUL_MESSAGE)).max(50, 'at most 50 benefits'),
  targetSeats: z.number().int('must be a whole number').positive('must be at least 1').max(100_000).nullable(),
  requirementsAtLeast: z.number().int('must be a whole number').min(1, 'must be at least 1 (leave it empty to require all the non-mandatory requirements)').max(100).nullable(),
  requirementsNoteMd: z.string().max(4000, 'is limited to 4000 characters').refine(noNul, NUL_MESSAGE),
  status: z.enum(['draft', 'proposed', 'active', 'archived']),
})

/** Validated program settings. */
export type ProgramSettings = z.output<typeof programSettings>

/** Field errors from a Zod error, keyed by the dotted path. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form'
    out[key] ??= issue.message.replace(/^Invalid input: /, '')
  }
  return out
}

/** The program's non-mandatory requirements, as "at least N" counts over them. */
async function optionalRequirementCount(db: Db, programId: string): Promise<number> {
  const rows = await db.select({ mandatory: requirements.mandatory }).from(requirements).where(eq(requirements.programId, programId))
  return rows.filter((r) => !r.mandatory).length
}

/**
 * Updates a program's settings, audited with before and after. "At least N" must count over the catalogue's
 * non-mandatory requirements (1 to their number); otherwise nothing is saved.
 */
export async function updateProgramSettings(deps: AppDeps, programId: string, input: ProgramSettings, actor: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const [before] = await db.select().from(programs).where(eq(programs.id, programId)).for('update')
    if (!before) throw new AppError('not_found', 'No such program.')
    const problem = atLeastProblem(input.requirementsAtLeast, await optionalRequirementCount(db, programId))
    if (problem) throw new AppError('validation', 'The settings were not saved: “at least” does not fit the requirement catalogue.', { requirementsAtLeast: problem })
    await db.update(programs).set({ ...input, updatedAt: deps.clock() }).where(eq(programs.id, programId))
    await recordAudit(db, { actor, action: 'program.update', entity: 'program', entityId: programId, before: pick(before, input), after: input })
  })
  deps.pageCache.clear()
}

function pick(row: Record<string, unknown>, like: Record<string, unknown>) {
  return Object.fromEntries(Object.keys(like).map((k) => [k, row[k]]))
}

/**
 * Replaces a program's requirement catalogue (kept by key: existing keys are updated, missing ones removed).
 * Refused when it would leave fewer non-mandatory requirements than the program's "at least N".
 */
export async function saveRequirements(deps: AppDeps, programId: string, input: z.input<typeof requirementDefinition>[], actor: string): Promise<void> {
  const parsed = input.map((r) => requirementDefinition.parse(r))
  const keys = parsed.map((r) => r.key)
  if (new Set(keys).size !== keys.length) throw new AppError('validation', 'Two requirements have the same key.', { requirements: 'Each requirement needs its own key.' })
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const [program] = await db.select({ atLeast: programs.requirementsAtLeast }).from(programs).where(eq(programs.id, programId)).for('update')
    const optional = parsed.filter((r) => !r.mandatory).length
    if (program?.atLeast != null && atLeastProblem(program.atLeast, optional)) {
      const message = `The program asks for at least ${program.atLeast} of the non-mandatory requirements, but this catalogue has ${optional}: lower that number in the settings first (or leave it empty for all), or keep enough non-mandatory requirements.`
      throw new AppError('validation', 'The requirements were not saved.', { requirements: message })
    }
    const before = await db.select().from(requirements).where(eq(requirements.programId, programId)).orderBy(asc(requirements.position))
    await db.delete(requirements).where(keys.length ? and(eq(requirements.programId, programId), notInArray(requirements.key, keys)) : eq(requirements.programId, programId))
    for (const [position, r] of parsed.entries()) {
      const values = { ...r, programId, position, threshold: r.threshold ?? null, windowMonths: r.windowMonths ?? null }
      await db
        .insert(requirements)
        .values(values)
        .onConflictDoUpdate({ target: [requirements.programId, requirements.key], set: { title: values.title, descriptionMd: values.descriptionMd, kind: values.kind, mandatory: values.mandatory, threshold: values.threshold, windowMonths: values.windowMonths, settings: values.settings, position } })
    }
    await recordAudit(db, {
      actor,
      action: 'program.requirements.save',
      entity: 'program',
      entityId: programId,
      before: before.map((r) => ({ key: r.key, kind: r.kind, mandatory: r.mandatory, threshold: r.threshold, windowMonths: r.windowMonths })),
      after: parsed.map((r) => ({ key: r.key, kind: r.kind, mandatory: r.mandatory, threshold: r.threshold ?? null, windowMonths: r.windowMonths ?? null })),
    })
  })
  deps.pageCache.clear()
}

/** Creates or updates a cohort (by slug) with its calendar, phases replaced as a whole, in one transaction. */
export async function saveCohort(deps: AppDeps, programId: string, input: z.input<typeof cohortDefinition>, actor: string): Promise<string> {
  const cohort: CohortDefinition = cohortDefinition.parse(input)
  const id = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const { phases: _phases, ...fields } = cohort
    const [row] = await db
      .insert(cohorts)
      .values({ ...fields, programId })
      .onConflictDoUpdate({ target: [cohorts.programId, cohorts.slug], set: { year: fields.year, title: fields.title, seats: fields.seats, timeZone: fields.timeZone } })
      .returning({ id: cohorts.id })
    await db.delete(cohortPhases).where(eq(cohortPhases.cohortId, row!.id))
    const phaseRows = phaseInstants(cohort)
    if (phaseRows.length) await db.insert(cohortPhases).values(phaseRows.map((p) => ({ ...p, cohortId: row!.id })))
    await recordAudit(db, { actor, action: 'cohort.save', entity: 'cohort', entityId: row!.id, after: cohort })
    return row!.id
  })
  deps.pageCache.clear()
  return id
}
