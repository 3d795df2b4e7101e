import type { Db } from '../../db/client.ts'
import { endOfDay, startOfDay } from '../../lib/dates.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { AppError, causeChain } from '../../lib/errors.ts'
import { and, eq } from 'drizzle-orm'
import {
  communityWithPrograms,
  programDefinition,
  type CohortDefinition,
  type CommunityDefinitionInput,
  type ProgramDefinition,
  type ProgramDefinitionInput,
} from './forms.ts'
import { applicationQuestions, cohortPhases, cohorts, communities, programs, requirements, selectionCriteria } from './schema.ts'

/** Ids of what defineProgram created: the program and its cohorts, by slug. */
export interface DefinedProgram {
  programId: string
  cohorts: Record<string, { cohortId: string; termStart: Date | null; termEnd: Date | null }>
}

/** Ids of what defineCommunity created, by slug. */
export interface DefinedCommunity {
  communityId: string
  programs: Record<string, DefinedProgram>
}

/**
 * A community or program slug that is taken (found before writing, or refused by the database's unique index
 * when another request took it in between): a 409 conflict, nothing written. `path` names the slug's place in
 * the definition (["community", "slug"], ["programs", 0, "slug"], or ["slug"] for a lone program).
 */
export class SlugTakenError extends AppError {
  constructor(
    readonly what: 'community' | 'program',
    readonly slug: string,
    readonly path: (string | number)[],
  ) {
    super(
      'conflict',
      what === 'community' ? `A community with the slug “${slug}” exists already; choose another slug.` : `This community has a program with the slug “${slug}” already; choose another slug.`,
      { [path.join('.')]: what === 'community' ? `“${slug}” is taken by another community` : `“${slug}” is taken by another program of this community` },
    )
  }
}

/** The unique index a database error (along Drizzle's cause chain) violates, if it is a unique violation. */
function violatedUnique(err: unknown): string | undefined {
  for (const { code, constraint, message } of causeChain(err)) {
    if (code === '23505') {
      if (typeof constraint === 'string') return constraint
      return /communities_slug_unique|programs_community_slug_key/.exec(String(message))?.[0] ?? 'unknown'
    }
  }
  return undefined
}

/** The instants of a cohort's phases: days of the cohort's zone, end exclusive. */
export function phaseInstants(cohort: CohortDefinition) {
  return cohort.phases.map((p, position) => ({
    kind: p.kind,
    label: p.label,
    position,
    startsAt: startOfDay(p.from, cohort.timeZone),
    endsAt: endOfDay(p.until ?? p.from, cohort.timeZone),
    allDay: true,
  }))
}

/** Inserts one parsed program with its catalogue, questions, criteria, cohorts and calendars (inside the caller's transaction). */
async function insertProgram(tx: Db, communityId: string, communitySlug: string, def: ProgramDefinition, actor: string): Promise<DefinedProgram> {
  const { requirements: reqs, questions, criteria, cohorts: cohortDefs, ...programFields } = def
  const [programRow] = await tx
    .insert(programs)
    .values({ ...programFields, communityId, requirementsAtLeast: programFields.requirementsAtLeast ?? null })
    .returning({ id: programs.id })
  const programId = programRow!.id
  if (reqs.length) {
    await tx.insert(requirements).values(
      reqs.map((r, position) => ({
        ...r,
        programId,
        position,
        threshold: r.threshold ?? null,
        windowMonths: r.windowMonths ?? null,
      })),
    )
  }
  if (questions.length) {
    await tx.insert(applicationQuestions).values(questions.map((q, position) => ({ ...q, programId, position })))
  }
  if (criteria.length) {
    await tx.insert(selectionCriteria).values(criteria.map((c, position) => ({ ...c, programId, position })))
  }
  const cohortIds: DefinedProgram['cohorts'] = {}
  for (const cohortDef of cohortDefs) {
    const { phases: _phases, ...cohortFields } = cohortDef
    const [cohortRow] = await tx.insert(cohorts).values({ ...cohortFields, programId }).returning({ id: cohorts.id })
    const phaseRows = phaseInstants(cohortDef)
    if (phaseRows.length) {
      await tx.insert(cohortPhases).values(phaseRows.map((p) => ({ ...p, cohortId: cohortRow!.id })))
    }
    const term = phaseRows.find((p) => p.kind === 'term')
    cohortIds[cohortDef.slug] = { cohortId: cohortRow!.id, termStart: term?.startsAt ?? null, termEnd: term?.endsAt ?? null }
  }
  await recordAudit(tx, {
    actor,
    action: 'program.define',
    entity: 'program',
    entityId: programId,
    after: { community: communitySlug, program: def.slug, cohorts: cohortDefs.map((c) => c.slug) },
  })
  return { programId, cohorts: cohortIds }
}

/**
 * Creates a community and its programs (catalogue, questions, criteria, cohorts and calendars) in one
 * transaction: either all of it exists afterwards or none of it. A taken community slug is a SlugTakenError
 * (also when the database's unique index refuses it); invalid input throws the schemas' ZodError.
 */
export async function defineCommunity(
  db: Db,
  input: { community: CommunityDefinitionInput; programs: ProgramDefinitionInput[] },
  actor = 'system',
): Promise<DefinedCommunity> {
  const { community, programs: programDefs } = communityWithPrograms.parse(input)
  const [taken] = await db.select({ id: communities.id }).from(communities).where(eq(communities.slug, community.slug))
  if (taken) throw new SlugTakenError('community', community.slug, ['community', 'slug'])
  try {
    return await db.transaction(async (tx) => {
      const t = tx as unknown as Db
      const [communityRow] = await t.insert(communities).values(community).returning({ id: communities.id })
      const communityId = communityRow!.id
      const result: DefinedCommunity = { communityId, programs: {} }
      for (const def of programDefs) result.programs[def.slug] = await insertProgram(t, communityId, community.slug, def, actor)
      await recordAudit(t, {
        actor,
        action: 'community.define',
        entity: 'community',
        entityId: communityId,
        after: { slug: community.slug, name: community.name },
      })
      return result
    })
  } catch (err) {
    if (violatedUnique(err) === 'communities_slug_unique') throw new SlugTakenError('community', community.slug, ['community', 'slug'])
    throw err
  }
}

/**
 * Adds one program (with its catalogue, questions, criteria, cohorts and calendars) to an existing community,
 * in one transaction. A slug the community's programs use already is a SlugTakenError (also when the
 * database's unique index refuses it in a race); invalid input throws the schema's ZodError.
 */
export async function defineProgram(db: Db, communityId: string, input: ProgramDefinitionInput, actor = 'system'): Promise<DefinedProgram> {
  const def = programDefinition.parse(input)
  const [community] = await db.select({ slug: communities.slug }).from(communities).where(eq(communities.id, communityId))
  if (!community) throw new AppError('not_found', 'There is no such community.')
  const [taken] = await db.select({ id: programs.id }).from(programs).where(and(eq(programs.communityId, communityId), eq(programs.slug, def.slug)))
  if (taken) throw new SlugTakenError('program', def.slug, ['slug'])
  try {
    return await db.transaction((tx) => insertProgram(tx as unknown as Db, communityId, community.slug, def, actor))
  } catch (err) {
    if (violatedUnique(err) === 'programs_community_slug_key') throw new SlugTakenError('program', def.slug, ['slug'])
    throw err
  }
}
