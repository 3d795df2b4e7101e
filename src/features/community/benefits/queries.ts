import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { people } from '../../people/schema.ts'
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

/** Person ids of the given handles (unknown handles are left out). */
export async function personIdsOfHandles(db: Db, handles: string[]): Promise<string[]> {
  if (!handles.length) return []
  const rows = await db.select({ id: people.id }).from(people).where(inArray(people.handle, handles))
  return rows.map((r) => r.id)
}
