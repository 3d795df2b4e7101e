import { and, eq, gte, inArray, lt } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { dayInZone } from '../../lib/dates.ts'
import { requirementWindow } from '../eligibility/evaluate.ts'
import { countContributions } from '../contributions/queries.ts'
import { contributions, contributorIdentities, type ContributionKind } from '../contributions/schema.ts'
import type { Requirement } from '../programs/queries.ts'
import { evidenceItems, type CountedContributions } from './schema.ts'

/** An evidence item derived from the contribution store. */
export interface ImportedEvidence {
  type: 'code_contribution' | 'blog_post' | 'video'
  title: string
  url: string | null
  occurredOn: string
  count: number
  notes: string
  /** For counted code contributions: the repository and the window, so pages can word the item in their language. */
  counted?: CountedContributions
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/**
 * What the contribution store knows of a person for a program's requirements: for each code-contribution
 * requirement, one item per repository with the count in its window (UTC days of the window's dates), counted
 * as the requirement's settings say (kinds, merges or not, author or commit date); and
 * every content item (blog post, video) of the person's own feeds. Two queries per requirement at most.
 */
export async function importedEvidenceFor(
  db: Db,
  personId: string,
  reqs: Requirement[],
  cohort: { timeZone: string; closesAt: Date },
): Promise<ImportedEvidence[]> {
  const identityRows = await db.select({ id: contributorIdentities.id }).from(contributorIdentities).where(eq(contributorIdentities.personId, personId))
  const identityIds = identityRows.map((r) => r.id)
  if (identityIds.length === 0) return []
  const items: ImportedEvidence[] = []
  const seen = new Set<string>()
  for (const r of reqs.filter((r) => r.kind === 'code_contributions')) {
    const window = requirementWindow(cohort.closesAt, cohort.timeZone, r.windowMonths ?? 12)!
    const settings = r.settings as { organizations?: string[]; kinds?: ContributionKind[]; includeMerges?: boolean; dateBasis?: 'author' | 'commit' }
    const counts = await countContributions(db, {
      since: window.firstDay,
      until: nextDay(window.lastDay),
      kinds: settings.kinds ?? ['commit'],
      includeMerges: settings.includeMerges ?? false,
      dateBasis: settings.dateBasis === 'commit' ? 'commit' : 'author',
      organizations: settings.organizations,
      identityIds,
    })
    const byRepository: Record<string, number> = {}
    for (const c of counts) for (const [repo, n] of Object.entries(c.byRepository)) byRepository[repo] = (byRepository[repo] ?? 0) + n
    for (const [repo, n] of Object.entries(byRepository).sort()) {
      const key = `code|${repo}`
      if (seen.has(key)) continue
      seen.add(key)
      items.push({
        type: 'code_contribution',
        title: `${n} contribution${n === 1 ? '' : 's'} to ${repo} (imported, ${window.firstDay} – ${window.lastDay})`,
        url: repo.includes('/') ? `https://github.com/${repo}` : null,
        occurredOn: window.lastDay,
        count: n,
        notes: 'Counted from the contribution store',
        counted: { repository: repo, firstDay: window.firstDay, lastDay: window.lastDay },
      })
    }
  }
  if (reqs.some((r) => r.kind === 'content_count')) {
    const longest = Math.max(12, ...reqs.filter((r) => r.kind === 'content_count').map((r) => r.windowMonths ?? 12))
    const window = requirementWindow(cohort.closesAt, cohort.timeZone, longest)!
    const rows = await db
      .select({ title: contributions.title, url: contributions.url, occurredAt: contributions.occurredAt, repository: contributions.repository })
      .from(contributions)
      .where(
        and(
          inArray(contributions.identityId, identityIds),
          eq(contributions.kind, 'content_item'),
          gte(contributions.occurredAt, new Date(`${window.firstDay}T00:00:00Z`)),
          lt(contributions.occurredAt, new Date(`${nextDay(window.lastDay)}T00:00:00Z`)),
        ),
      )
      .limit(500)
    for (const row of rows) {
      items.push({
        type: /(^|\.)youtube\.com$/.test(row.repository) ? 'video' : 'blog_post',
        title: row.title ?? row.url ?? 'Content item',
        url: row.url,
        occurredOn: dayInZone(row.occurredAt, cohort.timeZone),
        count: 1,
        notes: 'Imported from the applicant’s feed',
      })
    }
  }
  return items
}

/** Replaces an application's imported evidence with `items` (self-reported evidence is never touched). */
export async function replaceImportedEvidence(db: Db, applicationId: string, items: ImportedEvidence[]): Promise<void> {
  await db.delete(evidenceItems).where(and(eq(evidenceItems.applicationId, applicationId), eq(evidenceItems.source, 'import')))
  if (items.length) {
    await db
      .insert(evidenceItems)
      .values(items.map(({ counted, ...e }, i) => ({ ...e, counted: counted ?? null, applicationId, source: 'import' as const, position: 10_000 + i })))
  }
}
