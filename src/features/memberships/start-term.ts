import { and, eq, lt, ne } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { enqueueJob } from '../../jobs/queue.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { cohortPhases, cohorts, programs } from '../programs/schema.ts'
import { memberships } from './schema.ts'
import { consecutiveYearsAt, termOf } from './terms.ts'

/** The job that moves ended terms to alumni (see move-ended-terms.ts). */
export const TERM_END_JOB = 'membership-term-end'

/** What starting a term needs. */
export interface StartTermInput {
  personId: string
  cohortId: string
  /** The instant of confirmation: the term's start when the cohort's calendar has no term phase. */
  now: Date
  actor: string
}

/**
 * Starts a person's ambassador term in a cohort (once: a second call returns the same membership): the cohort's
 * term, which year in a row it is in the program, the link from last year's term (a renewal), a job at the
 * term's end, and an audit entry. Pass the caller's transaction as `db`.
 */
export async function startTerm(db: Db, input: StartTermInput): Promise<{ membershipId: string; consecutiveYears: number; created: boolean }> {
  const [cohort] = await db
    .select({ year: cohorts.year, programId: cohorts.programId, termMonths: programs.termMonths })
    .from(cohorts)
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .where(eq(cohorts.id, input.cohortId))
  if (!cohort) throw new Error(`no cohort ${input.cohortId}`)
  const [phase] = await db
    .select({ startsAt: cohortPhases.startsAt, endsAt: cohortPhases.endsAt })
    .from(cohortPhases)
    .where(and(eq(cohortPhases.cohortId, input.cohortId), eq(cohortPhases.kind, 'term')))
    .orderBy(cohortPhases.position)
    .limit(1)
  const earlier = await db
    .select({ id: memberships.id, year: cohorts.year })
    .from(memberships)
    .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
    .where(
      and(
        eq(memberships.personId, input.personId),
        eq(cohorts.programId, cohort.programId),
        eq(memberships.role, 'ambassador'),
        ne(memberships.status, 'revoked'),
        lt(cohorts.year, cohort.year),
      ),
    )
  const consecutiveYears = consecutiveYearsAt(cohort.year, earlier.map((e) => e.year))
  const term = termOf(phase, cohort.termMonths, input.now)
  const [created] = await db
    .insert(memberships)
    .values({ personId: input.personId, cohortId: input.cohortId, role: 'ambassador', status: 'active', consecutiveYears, ...term })
    .onConflictDoNothing({ target: [memberships.personId, memberships.cohortId, memberships.role] })
    .returning({ id: memberships.id })
  if (!created) {
    const [existing] = await db
      .select({ id: memberships.id, consecutiveYears: memberships.consecutiveYears })
      .from(memberships)
      .where(and(eq(memberships.personId, input.personId), eq(memberships.cohortId, input.cohortId), eq(memberships.role, 'ambassador')))
    return { membershipId: existing!.id, consecutiveYears: existing!.consecutiveYears, created: false }
  }
  // Last year's term continues into this one, so it will not move to alumni when it ends.
  const previous = earlier.find((e) => e.year === cohort.year - 1)
  if (previous) await db.update(memberships).set({ renewedById: created.id }).where(eq(memberships.id, previous.id))
  await enqueueJob(db, { kind: TERM_END_JOB, key: `term-end:${created.id}`, payload: { membershipId: created.id }, runAt: term.termEnd })
  await recordAudit(db, {
    actor: input.actor,
    action: 'membership.start',
    entity: 'membership',
    entityId: created.id,
    after: { personId: input.personId, cohortId: input.cohortId, termStart: term.termStart, termEnd: term.termEnd, consecutiveYears, renews: previous?.id ?? null },
  })
  return { membershipId: created.id, consecutiveYears, created: true }
}
