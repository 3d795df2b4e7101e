import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { people } from '../../people/schema.ts'
import { roleGrants } from '../../accounts/schema.ts'
import { memberships } from '../../memberships/schema.ts'
import { cohorts } from '../../programs/schema.ts'
import { benefitFulfilments, benefits } from '../schema.ts'
import { unseal } from './sealed.ts'

/** The catalogue with the viewer's own claims, and the claims of benefits the viewer ships (addresses opened). Two queries. */
export async function benefitsPageData(db: Db, secret: string, programId: string, personId: string) {
  const catalogue = await db
    .select({
      benefit: benefits,
      mine: sql<{ id: string; status: string; hasCode: boolean; revealed: boolean } | null>`(select json_build_object('id', f.id, 'status', f.status, 'hasCode', f.code_sealed is not null, 'revealed', f.code_revealed_at is not null)
        from benefit_fulfilments f where f.benefit_id = "benefits"."id" and f.person_id = ${personId})`,
    })
    .from(benefits)
    .where(eq(benefits.programId, programId))
    .orderBy(asc(benefits.name))
  const shipped = catalogue.filter((c) => c.benefit.shipperIds.includes(personId)).map((c) => c.benefit.id)
  const claims = shipped.length
    ? await db
        .select({ f: benefitFulfilments, name: people.displayName })
        .from(benefitFulfilments)
        .innerJoin(people, eq(people.id, benefitFulfilments.personId))
        .where(and(inArray(benefitFulfilments.benefitId, shipped)))
        .orderBy(asc(people.displayName))
    : []
  return {
    catalogue: catalogue.map((c) => ({ ...c.benefit, mine: c.mine })),
    shipments: claims.map((c) => ({ id: c.f.id, benefitId: c.f.benefitId, name: c.name, status: c.f.status, address: c.f.addressSealed ? unseal(secret, c.f.addressSealed) : null, hasCode: c.f.codeSealed !== null })),
  }
}

/**
 * The people the given handles name who may ship a benefit of the program (an ambassador with an active term in
 * it, a program manager of its community, an admin), and the handles that name nobody of them.
 */
export async function shippersOfHandles(db: Db, program: { id: string; communityId: string }, handles: string[]): Promise<{ ids: string[]; unknown: string[] }> {
  const wanted = [...new Set(handles.map((h) => h.trim().replace(/^@/, '')).filter(Boolean))]
  if (!wanted.length) return { ids: [], unknown: [] }
  const rows = await db
    .select({ id: people.id, handle: people.handle })
    .from(people)
    .where(
      and(
        inArray(people.handle, wanted),
        sql`(exists (select 1 from ${memberships} m join ${cohorts} co on co.id = m.cohort_id where m.person_id = ${people.id} and co.program_id = ${program.id} and m.status = 'active')
          or exists (select 1 from ${roleGrants} g where g.person_id = ${people.id} and (g.role = 'admin' or (g.role = 'program_manager' and (g.community_id is null or g.community_id = ${program.communityId})))))`,
      ),
    )
  const found = new Set(rows.map((r) => r.handle))
  return { ids: rows.map((r) => r.id), unknown: wanted.filter((h) => !found.has(h)) }
}
