import type { Db } from '../client.ts'
import { createPeople, type NewPerson } from '../../features/people/create-people.ts'
import { addMemberships } from '../../features/memberships/add-memberships.ts'
import { memberships } from '../../features/memberships/schema.ts'
import { people as peopleTable } from '../../features/people/schema.ts'
import { analyzeTables } from '../analyze.ts'

// Names in several scripts and forms, so generated directories exercise search and rendering like real ones.
const GIVEN = ['Ayşe', 'İlker', 'José', 'Zoë', 'Łukasz', 'Søren', 'Chloé', 'Nguyễn', 'Priya', 'Ahmed', 'Olúwadámilọ́lá', 'Mei', '海立', 'Minh', 'Kenji', 'Ana', 'Dmitri', 'Fatma', 'Björn', 'Renée']
const FAMILY = ['Yılmaz', 'Canoğlu', 'García', 'Müller', 'Kowalski', 'Øster', 'Dubois', 'Trần', 'Sharma', 'Haddad', 'Adébáyọ̀', 'Wang', '张', 'Lê', 'Sato', 'Souza', 'Иванов', 'Öztürk', 'Lindqvist', 'Côté']
const REGIONS = ['Africa', 'Asia Pacific', 'China', 'Europe', 'Latin America', 'Middle East', 'North America']

/** A small deterministic generator (mulberry32), so generated data is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `count` plausible people with names in several scripts, regions and (for most) GitHub logins. */
export function generatePeople(count: number, seed = 1): NewPerson[] {
  const rand = seededRandom(seed)
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T
  return Array.from({ length: count }, (_, i) => {
    const displayName = `${pick(GIVEN)} ${pick(FAMILY)}`
    return {
      displayName,
      githubLogin: rand() < 0.8 ? `dev-${seed}-${i}` : null,
      email: `person${i}.${seed}@example.org`,
      region: pick(REGIONS),
      handle: `gen-${seed}-${i}`,
    }
  })
}

/** Creates `count` generated ambassadors in a cohort with the given term; returns their person ids. */
export async function generateAmbassadors(
  db: Db,
  cohort: { cohortId: string; termStart: Date; termEnd: Date },
  count: number,
  seed = 1,
): Promise<string[]> {
  const ids: string[] = []
  for (let start = 0; start < count; start += 500) {
    const batch = generatePeople(Math.min(500, count - start), seed * 100_000 + start)
    const people = await createPeople(db, batch)
    await addMemberships(db, people.map((p) => ({ personId: p.id, cohortId: cohort.cohortId, termStart: cohort.termStart, termEnd: cohort.termEnd })))
    ids.push(...people.map((p) => p.id))
  }
  await analyzeTables(db, [peopleTable, memberships])
  return ids
}
