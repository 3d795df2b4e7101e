import { and, eq } from 'drizzle-orm'
import type { Db } from '../client.ts'
import { communities } from '../../features/programs/schema.ts'
import { defineCommunity } from '../../features/programs/define-program.ts'
import { createPeople } from '../../features/people/create-people.ts'
import { addMemberships } from '../../features/memberships/add-memberships.ts'
import { kubesphereAmbassadors2023, kubesphereAnnouncement2023, kubesphereCommunity, kubesphereOrganizers, kubesphereProgram } from './kubesphere.ts'
import { applications } from '../../features/applications/schema.ts'
import { acceptanceOffers, announcements } from '../../features/announcements/schema.ts'
import { openstackCommunity, openstackProgram } from './openstack.ts'
import { analyzeTables } from '../analyze.ts'
import { people } from '../../features/people/schema.ts'
import { memberships } from '../../features/memberships/schema.ts'
import { cohortPhases, cohorts, programs } from '../../features/programs/schema.ts'

/**
 * The 2023 selection as it ended: each ambassador's submitted application, the seat offered on the
 * announcement day and confirmed, and the published announcement, so its public page lists the fourteen.
 */
async function seedAnnouncement(db: Db, cohortId: string, personIds: string[], membershipIds: string[]) {
  const [phase] = await db.select({ at: cohortPhases.startsAt }).from(cohortPhases).where(and(eq(cohortPhases.cohortId, cohortId), eq(cohortPhases.kind, 'announcement')))
  const at = phase!.at
  const day = 86_400_000
  const apps = await db
    .insert(applications)
    .values(personIds.map((personId) => ({ cohortId, personId, status: 'submitted' as const, submittedAt: new Date(at.getTime() - 20 * day), createdAt: new Date(at.getTime() - 25 * day), updatedAt: new Date(at.getTime() - 20 * day) })))
    .returning({ id: applications.id, personId: applications.personId })
  await db.insert(acceptanceOffers).values(
    apps.map((a, i) => ({ cohortId, applicationId: a.id, personId: a.personId, status: 'confirmed' as const, offeredAt: at, respondBy: new Date(at.getTime() + 3 * day), respondedAt: new Date(at.getTime() + day), membershipId: membershipIds[i]! })),
  )
  await db.insert(announcements).values({ cohortId, ...kubesphereAnnouncement2023, scheduledFor: at, respondBy: new Date(at.getTime() + 3 * day), publishedAt: at, createdAt: new Date(at.getTime() - 2 * day) })
}

/** What a seed run did, for the CLI to print. */
export interface SeedReport {
  created: string[]
  skipped: string[]
}

/**
 * Loads the demo programs from the seed documents. Idempotent: a community that already exists is left as it is.
 * Each community is written in one transaction, so a failure leaves no half-seeded community behind.
 */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<SeedReport> {
  const report: SeedReport = { created: [], skipped: [] }
  const exists = async (slug: string) =>
    (await db.select({ id: communities.id }).from(communities).where(eq(communities.slug, slug)).limit(1)).length > 0

  if (await exists('kubesphere')) report.skipped.push('kubesphere')
  else {
    await db.transaction(async (tx) => {
      const t = tx as unknown as Db
      const defined = await defineCommunity(t, { community: kubesphereCommunity, programs: [kubesphereProgram] }, 'seed')
      const cohort = defined.programs.ksap!.cohorts['2023']!
      const term = { termStart: cohort.termStart!, termEnd: cohort.termEnd! }
      const status = term.termEnd <= now ? ('alumni' as const) : ('active' as const)

      const organizers = await createPeople(t, kubesphereOrganizers)
      const byHandle = new Map(organizers.map((p) => [p.handle, p.id]))
      const newcomers = kubesphereAmbassadors2023.filter((a) => !('sameAs' in a))
      const created = await createPeople(t, newcomers as Parameters<typeof createPeople>[1])
      let next = 0
      const ambassadorIds = kubesphereAmbassadors2023.map((a) =>
        'sameAs' in a ? byHandle.get(a.sameAs)! : created[next++]!.id,
      )
      const membershipIds = await addMemberships(
        t,
        [
          ...organizers.map((p) => ({ personId: p.id, cohortId: cohort.cohortId, role: 'organizer' as const, ...term, status })),
          ...ambassadorIds.map((personId) => ({ personId, cohortId: cohort.cohortId, ...term, status })),
        ],
        'seed',
      )
      await seedAnnouncement(t, cohort.cohortId, ambassadorIds, membershipIds.slice(organizers.length))
    })
    report.created.push('kubesphere')
  }

  if (await exists('openstack')) report.skipped.push('openstack')
  else {
    await defineCommunity(db, { community: openstackCommunity, programs: [openstackProgram] }, 'seed')
    report.created.push('openstack')
  }
  // Fresh tables on PGlite have no planner statistics (no autovacuum there): give them some after the load.
  if (report.created.length) await analyzeTables(db, [communities, programs, cohorts, people, memberships, applications, acceptanceOffers, announcements])
  return report
}
