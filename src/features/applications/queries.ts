import { and, asc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { applicationQuestions, cohortPhases, cohorts, communities, programs, requirements } from '../programs/schema.ts'
import { applications, evidenceItems } from './schema.ts'
import { people } from '../people/schema.ts'
import { findProgram } from '../programs/queries.ts'

/** Row types. */
export type Application = typeof applications.$inferSelect
export type Evidence = typeof evidenceItems.$inferSelect

/** The application window of a cohort: its "applications" phase. */
export interface ApplicationWindow {
  opensAt: Date
  closesAt: Date
}

/** Everything the application form needs about a program: its newest cohort with an application window. */
export async function getApplyContext(db: Db, communitySlug: string, programSlug: string) {
  const found = await findProgram(db, communitySlug, programSlug)
  if (!found) return undefined
  const [windows, questionRows, requirementRows] = await Promise.all([
    db
      .select({ cohort: cohorts, opensAt: cohortPhases.startsAt, closesAt: cohortPhases.endsAt })
      .from(cohorts)
      .innerJoin(cohortPhases, and(eq(cohortPhases.cohortId, cohorts.id), eq(cohortPhases.kind, 'applications')))
      .where(eq(cohorts.programId, found.program.id))
      .orderBy(asc(cohortPhases.startsAt)),
    db.select().from(applicationQuestions).where(eq(applicationQuestions.programId, found.program.id)).orderBy(asc(applicationQuestions.position)),
    db.select().from(requirements).where(eq(requirements.programId, found.program.id)).orderBy(asc(requirements.position)),
  ])
  return {
    ...found,
    questions: questionRows,
    requirements: requirementRows,
    cohortWindows: windows.map((w) => ({ cohort: w.cohort, window: { opensAt: w.opensAt, closesAt: w.closesAt ?? w.opensAt } })),
  }
}

/** The cohort whose application window is open at `now`, else the next to open, else the last one. */
export function chooseCohort<T extends { window: ApplicationWindow }>(windows: T[], now: Date): { entry: T | undefined; state: 'open' | 'upcoming' | 'closed' } {
  const t = now.getTime()
  const open = windows.find((w) => w.window.opensAt.getTime() <= t && t < w.window.closesAt.getTime())
  if (open) return { entry: open, state: 'open' }
  const upcoming = windows.find((w) => w.window.opensAt.getTime() > t)
  if (upcoming) return { entry: upcoming, state: 'upcoming' }
  return { entry: windows.at(-1), state: 'closed' }
}

/** A person's application to a cohort with its evidence, or undefined. */
export async function findApplication(db: Db, cohortId: string, personId: string) {
  const [application] = await db.select().from(applications).where(and(eq(applications.cohortId, cohortId), eq(applications.personId, personId)))
  if (!application) return undefined
  const evidence = await db.select().from(evidenceItems).where(eq(evidenceItems.applicationId, application.id)).orderBy(asc(evidenceItems.position), asc(evidenceItems.createdAt), asc(evidenceItems.id))
  return { application, evidence }
}

/** An application by id with the context its receipt page shows. */
export async function getApplicationReceipt(db: Db, id: string) {
  const [row] = await db
    .select({ application: applications, cohort: cohorts, program: programs, community: communities, person: { displayName: people.displayName, id: people.id } })
    .from(applications)
    .innerJoin(cohorts, eq(cohorts.id, applications.cohortId))
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .innerJoin(people, eq(people.id, applications.personId))
    .where(eq(applications.id, id))
  if (!row) return undefined
  const [evidence, window, questions, requirementRows] = await Promise.all([
    db.select().from(evidenceItems).where(eq(evidenceItems.applicationId, id)).orderBy(asc(evidenceItems.position), asc(evidenceItems.createdAt), asc(evidenceItems.id)),
    db
      .select({ opensAt: cohortPhases.startsAt, closesAt: cohortPhases.endsAt })
      .from(cohortPhases)
      .where(and(eq(cohortPhases.cohortId, row.cohort.id), eq(cohortPhases.kind, 'applications'))),
    // What the answers and stated requirements were asked as, so the receipt names them as the form did.
    db
      .select({ key: applicationQuestions.key, prompt: applicationQuestions.prompt })
      .from(applicationQuestions)
      .where(eq(applicationQuestions.programId, row.program.id))
      .orderBy(asc(applicationQuestions.position)),
    db
      .select({ key: requirements.key, title: requirements.title })
      .from(requirements)
      .where(eq(requirements.programId, row.program.id))
      .orderBy(asc(requirements.position)),
  ])
  return {
    ...row,
    evidence,
    questions,
    requirements: requirementRows,
    window: window[0] ? { opensAt: window[0].opensAt, closesAt: window[0].closesAt ?? window[0].opensAt } : undefined,
  }
}
