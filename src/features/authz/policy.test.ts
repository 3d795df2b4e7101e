import { describe, expect, it } from 'vitest'
import { allows, type Access, type ResourceContext, type Subject } from './policy.ts'

const A = 'community-a'
const B = 'community-b'
const people: Record<string, Subject> = {
  anonymous: { roles: [] },
  applicant: { personId: 'x', roles: [{ role: 'applicant', communityId: A }] },
  otherApplicant: { personId: 'y', roles: [{ role: 'applicant', communityId: A }] },
  reviewer: { personId: 'r', roles: [{ role: 'reviewer', communityId: A }] },
  conflictedReviewer: { personId: 'c', roles: [{ role: 'reviewer', communityId: A }] },
  ambassador: { personId: 'm', roles: [{ role: 'ambassador', communityId: A }] },
  managerA: { personId: 'ma', roles: [{ role: 'program_manager', communityId: A }] },
  managerB: { personId: 'mb', roles: [{ role: 'program_manager', communityId: B }] },
  admin: { personId: 'admin', roles: [{ role: 'admin', communityId: null }] },
}
/** X's application in community A; C declared a conflict on it. */
const resource: ResourceContext = { communityId: A, ownerPersonId: 'x', conflictedPersonIds: ['c'] }

// One row per access rule: who may (1) and who may not (0), in the column order of `people`.
const matrix: Record<Access, string> = {
  //            anon appl other rev  conf amb  mgrA mgrB admin
  public: '     1    1    1     1    1    1    1    1    1',
  capability: ' 1    1    1     1    1    1    1    1    1',
  'signed-in': '0    1    1     1    1    1    1    1    1',
  owner: '      0    1    0     0    0    0    1    0    1',
  self: '       0    1    0     0    0    0    0    0    0',
  reviewer: '   0    0    0     1    0    0    1    0    1',
  ambassador: ' 0    0    0     0    0    1    1    0    1',
  manager: '    0    0    0     0    0    0    1    0    1',
  staff: '      0    0    0     0    0    0    1    1    1',
  admin: '      0    0    0     0    0    0    0    0    1',
}

describe('the permission matrix', () => {
  for (const [access, row] of Object.entries(matrix) as [Access, string][]) {
    const expected = row.trim().split(/\s+/).map((v) => v === '1')
    it(`${access}: ${Object.keys(people).filter((_, i) => expected[i]).join(', ')}`, () => {
      expect(Object.values(people).map((s) => allows(access, s, resource))).toEqual(expected)
    })
  }

  it('a manager of another community is a stranger here, even to public-facing owner rules', () => {
    expect(allows('owner', people.managerB!, resource)).toBe(false)
    expect(allows('manager', people.managerB!, { communityId: B })).toBe(true)
  })
})
