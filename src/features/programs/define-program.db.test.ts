import { expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity, uniqueSlug } from '../../../tests/support/factories.ts'
import { communities, programs } from './schema.ts'
import { SlugTakenError, defineCommunity, defineProgram } from './define-program.ts'
import { communityWithPrograms } from './forms.ts'

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

describeDb('program definitions: slugs taken', (ctx) => {
  it('refuses a taken community slug or program slug with SlugTakenError, naming where, and writes nothing', async () => {
    const made = await makeCommunity(ctx().db)
    await expect(defineCommunity(ctx().db, { community: { slug: made.slug, name: 'Again' }, programs: [] })).rejects.toMatchObject({ code: 'conflict', what: 'community', path: ['community', 'slug'] })
    await expect(defineProgram(ctx().db, made.communityId, { slug: made.programSlug, name: 'Again' })).rejects.toBeInstanceOf(SlugTakenError)
    const added = await defineProgram(ctx().db, made.communityId, { slug: 'second', name: 'Second', cohorts: [{ slug: '2027', year: 2027, title: 'T', seats: 3 }] })
    expect(Object.keys(added.cohorts)).toEqual(['2027'])
  })

  it('refuses keys and slugs used twice in one definition, and a reserved program slug, with their paths', async () => {
    const result = communityWithPrograms.safeParse({
      community: { slug: uniqueSlug(), name: 'Twice' },
      programs: [
        { slug: 'p', name: 'P', cohorts: [{ slug: '1', year: 2027, title: 'A', seats: 1 }, { slug: '1', year: 2028, title: 'B', seats: 1 }], criteria: [{ key: 'k', name: 'K', scaleMin: 5, scaleMax: 5 }] },
        { slug: 'p', name: 'P again' },
        { slug: 'new', name: 'New' },
      ],
    })
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['programs.0.cohorts.1.slug', 'programs.0.criteria.0.scaleMax', 'programs.1.slug', 'programs.2.slug'])
  })

  // Two writers past the existence check at once: the database's unique index refuses the second, which must come
  // out as the same SlugTakenError. Only PostgreSQL has a second connection to hold the first writer's transaction open.
  it('turns the unique index refusing a slug taken in between into SlugTakenError (PostgreSQL)', async () => {
    if (ctx().engine !== 'postgres') return
    const slug = uniqueSlug('race')
    let second: Promise<unknown> | undefined
    await ctx().db.transaction(async (tx) => {
      await tx.insert(communities).values({ slug, name: 'First' })
      second = defineCommunity(ctx().db, { community: { slug, name: 'Second' }, programs: [] }).catch((err: unknown) => err)
      await new Promise((r) => setTimeout(r, 300))
    })
    const err = await second
    expect(err).toBeInstanceOf(SlugTakenError)
    expect(await ctx().db.select({ name: communities.name }).from(communities).where(eq(communities.slug, slug))).toEqual([{ name: 'First' }])

    const made = await makeCommunity(ctx().db)
    let secondProgram: Promise<unknown> | undefined
    await ctx().db.transaction(async (tx) => {
      await tx.insert(programs).values({ communityId: made.communityId, slug: 'raced', name: 'First' })
      secondProgram = defineProgram(ctx().db, made.communityId, { slug: 'raced', name: 'Second' }).catch((e: unknown) => e)
      await new Promise((r) => setTimeout(r, 300))
    })
    expect(await secondProgram).toMatchObject({ what: 'program', slug: 'raced' })
  })
})
