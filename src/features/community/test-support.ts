/** Test-only helpers of the community feature: a program with ambassadors, a manager and an approved group. */
import { randomBytes } from 'node:crypto'
import type { Db } from '../../db/client.ts'
import { makeAmbassadors, makeCommunity } from '../../../tests/support/factories.ts'
import { createPeople } from '../people/create-people.ts'
import { grantRole } from '../accounts/grant-role.ts'
import { decideGroup, proposeGroup } from './groups/propose-group.ts'
import { loadStanding } from './standing.ts'
import type { RawForm } from './forms.ts'

/** A viewer-like value for loadStanding (roles as a session would carry them). */
export function viewerOf(personId: string, roles: { communityId: string | null; role: 'program_manager' | 'ambassador' | 'admin' }[] = []) {
  return { personId, roles }
}

/**
 * A program (2025 cohort, term May 2025–April 2026 unless `term` gives the ambassadors' terms: browser tests on
 * the real clock need one around today) with `ambassadorCount` ambassadors, a manager and one approved group led
 * by the first ambassador.
 */
export async function makeTermWorld(db: Db, ambassadorCount = 2, term?: { termStart: Date; termEnd: Date }) {
  const tag = randomBytes(3).toString('hex')
  const made = await makeCommunity(db)
  const ambassadors = await makeAmbassadors(
    db,
    { ...made.cohort!, ...term },
    Array.from({ length: ambassadorCount }, (_, i) => ({ displayName: `Ambassador ${i + 1} ${tag}`, email: `amb${i + 1}-${tag}@example.org` })),
  )
  const [manager] = await createPeople(db, [{ displayName: `Manager ${tag}`, email: `manager-${tag}@example.org` }])
  await grantRole(db, manager!.id, 'program_manager', made.communityId, 'test')
  const program = { id: made.programId, communityId: made.communityId }
  const managerStanding = await loadStanding(db, program, viewerOf(manager!.id, [{ communityId: made.communityId, role: 'program_manager' }]))
  const standingOf = (personId: string) => loadStanding(db, program, viewerOf(personId))
  const group = await proposeGroup(db, { programId: made.programId, standing: await standingOf(ambassadors[0]!.id), form: groupFormFor(`Berlin ${tag}`) })
  await decideGroup(db, { programId: made.programId, groupId: group.id, standing: managerStanding, decision: 'approved', now: new Date('2025-06-01T00:00:00Z') })
  return {
    ...made,
    tag,
    program,
    ambassadors: ambassadors.map((a, i) => ({ ...a, email: `amb${i + 1}-${tag}@example.org` })),
    manager: { id: manager!.id, email: `manager-${tag}@example.org` },
    managerStanding,
    standingOf,
    groupId: group.id,
    base: `/c/${made.slug}/programs/${made.programSlug}`,
  }
}

/** A valid group proposal form. */
export function groupFormFor(name: string, overrides: RawForm = {}): RawForm {
  return { name, city: 'Berlin', country: 'DE', region: 'europe', links: 'https://meetup.example/berlin', organisers: 'Jana', cadence: 'monthly', lastMeetupOn: '2025-05-20', ...overrides }
}

/** A valid activity form. */
export function activityFormFor(url: string, overrides: RawForm = {}): RawForm {
  return { type: 'blog_post', title: 'Running KubeSphere on a Raspberry Pi', occurredOn: '2025-08-01', url, region: 'europe', groupId: '', audienceSize: '', ...overrides }
}
