import { expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity, uniqueSlug } from '../../../tests/support/factories.ts'
import { communities } from './schema.ts'

describeDb('program definitions', (ctx) => {
  // The test program has one mandatory and two non-mandatory requirements: "at least N" must be 1 or 2.
  it('refuses "at least 0" or more than the non-mandatory requirements, naming the program and the rule, and writes nothing', async () => {
    for (const atLeast of [0, 3]) {
      const slug = uniqueSlug()
      await expect(makeCommunity(ctx().db, { community: { slug }, program: { slug: 'envoys', requirementsAtLeast: atLeast } })).rejects.toThrow(
        `Program “envoys”: requirementsAtLeast is ${atLeast}, but “at least N” must be between 1 and the number of non-mandatory requirements (2 in this definition)`,
      )
      expect(await ctx().db.select().from(communities).where(eq(communities.slug, slug))).toEqual([])
    }
  })

  it('refuses any "at least N" when every requirement is mandatory', async () => {
    await expect(
      makeCommunity(ctx().db, { program: { slug: 'envoys', requirementsAtLeast: 1, requirements: [{ key: 'kind', title: 'Be kind', kind: 'statement', mandatory: true }] } }),
    ).rejects.toThrow('(0 in this definition)')
  })

  it('accepts 1 to the number of non-mandatory requirements, or none (all of them)', async () => {
    for (const atLeast of [1, 2, undefined]) {
      const made = await makeCommunity(ctx().db, { program: { requirementsAtLeast: atLeast } })
      expect(made.programId).toBeTruthy()
    }
  })
})
