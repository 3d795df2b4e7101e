import { eq, sql, type SQL } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { makeSelectedCohort } from '../../../tests/support/selection.ts'
import type { Db } from '../../db/client.ts'
import { queryRows } from '../../db/rows.ts'
import { applications } from '../applications/schema.ts'
import { withdrawApplication } from '../applications/withdraw-application.ts'
import { runAnnouncement } from './run-announcement.ts'
import { scheduleAnnouncement } from './schedule-announcement.ts'
import { acceptanceOffers } from './schema.ts'

const offerOf = async (db: Db, applicationId: string) => (await db.select().from(acceptanceOffers).where(eq(acceptanceOffers.applicationId, applicationId)))[0]
const statusOf = async (db: Db, applicationId: string) => (await db.select({ status: applications.status }).from(applications).where(eq(applications.id, applicationId)))[0]!.status

/** Transactions of this database waiting on a lock. */
const waitingOnLocks = async (db: Db) =>
  (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0]!.n

/** Polls until `n` transactions wait on a lock (or `done` has settled: then nothing more will wait); true when they do. */
async function untilWaiting(db: Db, n: number, done: Promise<unknown>[] = []): Promise<boolean> {
  let settled = false
  void Promise.allSettled(done).then(() => (settled = done.length > 0))
  for (let i = 0; i < 200; i++) {
    if ((await waitingOnLocks(db)) >= n) return true
    if (settled) return false
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`${n} transactions never waited on a lock`)
}

/** A third transaction holding the lock `statement` takes until `release` is called. */
async function holdLock(db: Db, statement: SQL): Promise<{ release(): Promise<void> }> {
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  let taken!: () => void
  const lockTaken = new Promise<void>((resolve) => (taken = resolve))
  const blocker = db.transaction(async (tx) => {
    await tx.execute(statement)
    taken()
    await held
  })
  await lockTaken
  return {
    release: async () => {
      release()
      await blocker
    },
  }
}

describeDb('a withdrawal racing the announcement', (ctx) => {
  it('an announcement that comes second sees the withdrawal committed first: no offer to the applicant, the seat goes to the waitlist', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    const ben = ids.Ben!
    let announced: ReturnType<typeof runAnnouncement>
    if (deps.engine === 'postgres') {
      // A third transaction holds Ben's application (`for no key update`: the announcement's offer only takes its
      // key, the withdrawal waits), so the withdrawal has started, and waits, before the announcement starts.
      const blocker = await holdLock(deps.db, sql`select 1 from applications where id = ${ben.applicationId} for no key update`)
      const withdrawn = withdrawApplication(deps, ben.applicationId, ben.personId)
      expect(await untilWaiting(deps.db, 1, [withdrawn])).toBe(true)
      announced = runAnnouncement(deps, cohortId)
      // Without the announcement row between them the announcement would not wait: it would read no withdrawal
      // and commit an offer to Ben before the withdrawal, which read no offer, went on.
      await untilWaiting(deps.db, 2, [announced])
      await blocker.release()
      await withdrawn
    } else {
      // PGlite runs one transaction at a time.
      await withdrawApplication(deps, ben.applicationId, ben.personId)
      announced = runAnnouncement(deps, cohortId)
    }
    expect(await announced).toMatchObject({ offers: 2, published: true })
    expect(await statusOf(deps.db, ben.applicationId)).toBe('withdrawn')
    expect(await offerOf(deps.db, ben.applicationId)).toBeUndefined()
    expect(await offerOf(deps.db, ids.Ana!.applicationId)).toMatchObject({ status: 'pending', origin: 'announcement' })
    expect(await offerOf(deps.db, ids.Cai!.applicationId)).toMatchObject({ status: 'pending' })
  })

  it('a withdrawal that comes second waits for the announcement and declines the offer it made (the seat goes to the waitlist)', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    const ben = ids.Ben!
    let withdrawn: ReturnType<typeof withdrawApplication>
    if (deps.engine === 'postgres') {
      // A third transaction holds the job queue, which the announcement writes to after making its offers, so the
      // announcement has read the withdrawals (none) and waits before the withdrawal starts.
      const blocker = await holdLock(deps.db, sql`lock table jobs in exclusive mode`)
      const announced = runAnnouncement(deps, cohortId)
      expect(await untilWaiting(deps.db, 1, [announced])).toBe(true)
      withdrawn = withdrawApplication(deps, ben.applicationId, ben.personId)
      // Without the announcement row the withdrawal would read no offer (the announcement's is not committed) and
      // then wait on Ben's application, whose key the new offer holds: it would withdraw and leave the offer open.
      await untilWaiting(deps.db, 2, [withdrawn])
      await blocker.release()
      expect(await announced).toMatchObject({ offers: 2 })
    } else {
      expect(await runAnnouncement(deps, cohortId)).toMatchObject({ offers: 2 })
      withdrawn = withdrawApplication(deps, ben.applicationId, ben.personId)
    }
    const withdrawal = await withdrawn
    const benOffer = await offerOf(deps.db, ben.applicationId)
    expect(withdrawal).toEqual({ changed: true, declinedOfferId: benOffer!.id })
    expect(benOffer).toMatchObject({ status: 'declined', origin: 'announcement' })
    expect(await statusOf(deps.db, ben.applicationId)).toBe('withdrawn')
    expect(await offerOf(deps.db, ids.Cai!.applicationId)).toMatchObject({ status: 'pending', origin: 'waitlist' })
  })
})
