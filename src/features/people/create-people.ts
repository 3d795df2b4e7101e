import { inArray, like, or, sql } from 'drizzle-orm'
import { randomBytes } from 'node:crypto'
import type { Db } from '../../db/client.ts'
import { searchKey, slugify } from '../../lib/text.ts'
import { people } from './schema.ts'

/** What is needed to create a person. */
export interface NewPerson {
  /** Exactly as the person writes it; kept byte for byte. */
  displayName: string
  githubLogin?: string | null
  email?: string | null
  country?: string | null
  region?: string | null
  bio?: string
  /** Preferred handle; derived from the GitHub login or the name when absent. */
  handle?: string
}

/** A created person's identifiers. */
export interface CreatedPerson {
  id: string
  handle: string
  displayName: string
}

function baseHandle(p: NewPerson): string {
  const fromLogin = p.githubLogin ? slugify(p.githubLogin) : ''
  return p.handle ?? (fromLogin || slugify(p.displayName) || `p-${randomBytes(4).toString('hex')}`)
}

/** Creates people in one statement, giving each a unique handle (suffixes -2, -3… on collisions). */
export async function createPeople(db: Db, input: NewPerson[]): Promise<CreatedPerson[]> {
  if (input.length === 0) return []
  const wanted = input.map(baseHandle)
  const taken = new Set(
    (
      await db
        .select({ handle: people.handle })
        .from(people)
        // The suffixed forms too: a third "Li Wei" must not be given the -2 an earlier call already took.
        .where(or(inArray(people.handle, [...new Set(wanted)]), ...[...new Set(wanted)].map((h) => like(people.handle, `${h}-%`))))
    ).map((r) => r.handle),
  )
  const handles = wanted.map((h) => {
    let candidate = h
    for (let n = 2; taken.has(candidate); n++) candidate = `${h}-${n}`
    taken.add(candidate)
    return candidate
  })
  const rows = await db
    .insert(people)
    .values(
      input.map((p, i) => ({
        handle: handles[i] as string,
        displayName: p.displayName,
        searchKey: searchKey([p.displayName, p.githubLogin ?? ''].join(' ')),
        githubLogin: p.githubLogin ?? null,
        email: p.email ?? null,
        country: p.country ?? null,
        region: p.region ?? null,
        bio: p.bio ?? '',
      })),
    )
    .returning({ id: people.id, handle: people.handle, displayName: people.displayName })
  return rows
}

/** Number of people stored. */
export async function countPeople(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(people)
  return row?.n ?? 0
}
