import { and, eq, isNotNull } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { announcements } from '../announcements/schema.ts'
import { cohorts } from '../programs/schema.ts'
import { findProgram, type Community } from '../programs/queries.ts'

/** What a comments page is about: a program, or a published announcement of one of its cohorts. */
export interface ResolvedTarget {
  community: Community
  kind: 'program' | 'announcement'
  id: string
  title: string
  /** The page commented on. */
  pageUrl: string
}

/** The target named by a comments URL (`cohort` given: that cohort's published announcement), or undefined. */
export async function findCommentTarget(db: Db, communitySlug: string, programSlug: string, cohortSlug?: string): Promise<ResolvedTarget | undefined> {
  const found = await findProgram(db, communitySlug, programSlug)
  if (!found) return undefined
  const programUrl = `/c/${found.community.slug}/programs/${found.program.slug}`
  if (cohortSlug === undefined) return { community: found.community, kind: 'program', id: found.program.id, title: found.program.name, pageUrl: programUrl }
  const [row] = await db
    .select({ id: announcements.id, title: announcements.title, cohortSlug: cohorts.slug })
    .from(announcements)
    .innerJoin(cohorts, eq(cohorts.id, announcements.cohortId))
    .where(and(eq(cohorts.programId, found.program.id), eq(cohorts.slug, cohortSlug), isNotNull(announcements.publishedAt)))
  if (!row) return undefined
  return { community: found.community, kind: 'announcement', id: row.id, title: row.title, pageUrl: `${programUrl}/news/${row.cohortSlug}` }
}
