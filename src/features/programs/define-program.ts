import type { Db } from '../../db/client.ts'
import { endOfDay, startOfDay } from '../../lib/dates.ts'
import { recordAudit } from '../audit/record-audit.ts'
import {
  communityDefinition,
  programDefinition,
  type CohortDefinition,
  type CommunityDefinitionInput,
  type ProgramDefinitionInput,
} from './forms.ts'
import { applicationQuestions, cohortPhases, cohorts, communities, programs, requirements, selectionCriteria } from './schema.ts'

/** Ids of what defineCommunity created, by slug. */
export interface DefinedCommunity {
  communityId: string
  programs: Record<string, { programId: string; cohorts: Record<string, { cohortId: string; termStart: Date | null; termEnd: Date | null }> }>
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

/**
 * Creates a community and its programs (catalogue, questions, criteria, cohorts and calendars) in one
 * transaction: either all of it exists afterwards or none of it.
 */
export async function defineCommunity(
  db: Db,
  input: { community: CommunityDefinitionInput; programs: ProgramDefinitionInput[] },
  actor = 'system',
): Promise<DefinedCommunity> {
  const community = communityDefinition.parse(input.community)
  const programDefs = input.programs.map((p) => programDefinition.parse(p))

  return db.transaction(async (tx) => {
    const [communityRow] = await tx.insert(communities).values(community).returning({ id: communities.id })
    const communityId = communityRow!.id
    const result: DefinedCommunity = { communityId, programs: {} }
    for (const def of programDefs) {
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
      const cohortIds: DefinedCommunity['programs'][string]['cohorts'] = {}
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
      result.programs[def.slug] = { programId, cohorts: cohortIds }
      await recordAudit(tx as unknown as Db, {
        actor,
        action: 'program.define',
        entity: 'program',
        entityId: programId,
        after: { community: community.slug, program: def.slug, cohorts: cohortDefs.map((c) => c.slug) },
      })
    }
    await recordAudit(tx as unknown as Db, {
      actor,
      action: 'community.define',
      entity: 'community',
      entityId: communityId,
      after: { slug: community.slug, name: community.name },
    })
    return result
  })
}
