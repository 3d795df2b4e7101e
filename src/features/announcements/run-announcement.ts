import { eq, isNull, and } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { applications } from '../applications/schema.ts'
import { cohorts, communities, programs } from '../programs/schema.ts'
import { notifyWebhooks } from '../webhooks/notify.ts'
import type { JobRun } from '../../jobs/registry.ts'
import { offerSeats, queueDecisionEmails, type CohortNames } from './offers.ts'
import { announcements } from './schema.ts'
import { closeGapsInWaitlist, decisionsOf, releaseAndPromote, type AnnouncedDecision } from './selection-port.ts'

/** The cohort's applications withdrawn by their applicants. */
async function withdrawnApplications(db: Db, cohortId: string): Promise<Set<string>> {
  const rows = await db.select({ id: applications.id }).from(applications).where(and(eq(applications.cohortId, cohortId), eq(applications.status, 'withdrawn')))
  return new Set(rows.map((r) => r.id))
}

/**
 * Locks a cohort's announcement row for the announcement's transaction (`for update`, which conflicts with the
 * `for key share` every withdrawal takes first: see withdraw-application.ts).
 */
async function lockAnnouncement(tx: Db, announcementId: string): Promise<void> {
  await tx.select({ id: announcements.id }).from(announcements).where(eq(announcements.id, announcementId)).for('update')
}

/** When offers made at `now` must be answered: the announcement's deadline, or a day from now if that has passed. */
export function offerDeadline(respondBy: Date, now: Date): Date {
  return respondBy.getTime() > now.getTime() ? respondBy : new Date(now.getTime() + 86_400_000)
}

/**
 * Announcement day for one cohort: offers a seat to every selected applicant, queues one decision email per
 * applicant (accepted, waitlisted, not selected; in their language, with reviewers' feedback), then publishes
 * the announcement page. Every step is idempotent — offers once per application, emails once per key
 * `decision:<applicationId>`, publishing once — so a re-run after a crash finishes the work and repeats nothing.
 */
export async function runAnnouncement(deps: AppDeps, cohortId: string): Promise<{ emailsQueued: number; offers: number; published: boolean }> {
  const now = deps.clock()
  const [row] = await deps.db
    .select({ announcement: announcements, cohortTitle: cohorts.title, timeZone: cohorts.timeZone, programId: programs.id, programName: programs.name, cohortSlug: cohorts.slug, programSlug: programs.slug, communitySlug: communities.slug })
    .from(announcements)
    .innerJoin(cohorts, eq(cohorts.id, announcements.cohortId))
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .where(eq(announcements.cohortId, cohortId))
  if (!row) throw new Error(`cohort ${cohortId} has no scheduled announcement`)
  const names: CohortNames = { cohortId, programId: row.programId, program: row.programName, cohort: row.cohortTitle, timeZone: row.timeZone }
  const deadline = offerDeadline(row.announcement.respondBy, now)
  let decisions: AnnouncedDecision[] = []
  const offers = await deps.db.transaction(async (txn) => {
    const tx = txn as unknown as Db
    // The announcement row first: a withdrawal takes it (`for key share`) before anything else, so the two run one
    // after the other. A withdrawal committed before this point is read below (its applicant is offered nothing);
    // one that comes after waits for this commit and then declines the offer made here (withdraw-application.ts).
    await lockAnnouncement(tx, row.announcement.id)
    // Applicants who withdrew after the selection ran are told nothing and offered nothing; a seat of theirs goes
    // to the next on the waitlist before the offers are made (a re-run finds their seat already released).
    const withdrawnIds = await withdrawnApplications(tx, cohortId)
    for (const d of await decisionsOf(tx, cohortId)) {
      if (d.outcome === 'selected' && !d.released && withdrawnIds.has(d.applicationId)) await releaseAndPromote(tx, cohortId, d.applicationId, 'system')
    }
    // Withdrawals close the waitlist's gaps themselves; this catches those recorded before they did, so the
    // waitlist emails count 1, 2, 3….
    await closeGapsInWaitlist(tx, cohortId)
    decisions = (await decisionsOf(tx, cohortId)).filter((d) => !withdrawnIds.has(d.applicationId))
    const selected = decisions.filter((d) => d.outcome === 'selected' && !d.released)
    // The job ran after the deadline (the server was down): the offers get a day, and the announcement says so,
    // so the managers' page and the API show the deadline the offers really have.
    if (deadline.getTime() !== row.announcement.respondBy.getTime()) {
      const moved = await tx
        .update(announcements)
        .set({ respondBy: deadline })
        .where(and(eq(announcements.id, row.announcement.id), isNull(announcements.publishedAt)))
        .returning({ id: announcements.id })
      if (moved.length) await recordAudit(tx, { actor: 'system', action: 'announcement.respond_by', entity: 'cohort', entityId: cohortId, before: { respondBy: row.announcement.respondBy }, after: { respondBy: deadline } })
    }
    return offerSeats(tx, cohortId, selected, { respondBy: deadline, now, origin: 'announcement' })
  })
  const emailsQueued = await queueDecisionEmails(
    deps,
    names,
    decisions.map((d) => ({
      applicationId: d.applicationId,
      kind: d.outcome === 'selected' ? ('accepted' as const) : d.outcome,
      offer: offers.get(d.applicationId),
      waitlistPosition: d.waitlistPosition,
    })),
    'decision',
  )
  const published = await deps.db.transaction(async (txn) => {
    const tx = txn as unknown as Db
    const rows = await tx
      .update(announcements)
      .set({ publishedAt: now })
      .where(and(eq(announcements.id, row.announcement.id), isNull(announcements.publishedAt)))
      .returning({ id: announcements.id })
    const path = `/c/${row.communitySlug}/programs/${row.programSlug}/news/${row.cohortSlug}`
    if (rows.length) await notifyWebhooks(tx, { programId: row.programId, event: 'announcement.published', eventKey: cohortId, payload: { cohort: row.cohortTitle, path } })
    return rows
  })
  if (published.length) {
    await recordAudit(deps.db, { actor: 'system', action: 'announcement.publish', entity: 'cohort', entityId: cohortId, after: { decisions: decisions.length, offers: offers.size, emailsQueued } })
    deps.pageCache.clear()
  }
  return { emailsQueued, offers: offers.size, published: published.length > 0 }
}

/** The `announce` job: runs the announcement of the cohort in its payload. */
export async function announceJob(deps: AppDeps, job: JobRun): Promise<void> {
  const cohortId = String(job.payload.cohortId ?? '')
  const result = await runAnnouncement(deps, cohortId)
  deps.logger.info({ job: job.id, cohortId, ...result }, 'announcement ran')
}
