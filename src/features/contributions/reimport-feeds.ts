// The applicants' feeds a cohort's re-import fetches again (`embassy evaluate --reimport`): their blog links
// and the feeds imported for them before, each run through the SSRF-guarded feed importer.
import { and, asc, eq, ne, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { applications } from '../applications/schema.ts'
import { people } from '../people/schema.ts'
import type { FoundCohort } from '../programs/queries.ts'
import { requirements } from '../programs/schema.ts'
import { FeedImportError, checkFeedUrl, importFeed, type ImportFeedInput } from './feeds/import-feed.ts'
import { quietIO } from './import-run.ts'
import type { RecordedImport } from './reimport-sources.ts'

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)

/** A feed of an applicant of a cohort: a URL they gave on their application, or one imported for them before. */
export interface CohortFeed {
  url: string
  personId: string
  handle: string
  /** Whether it is the blog link of their application (which may be a page announcing a feed, or no feed at all). */
  givenOnApplication: boolean
  /** Whether it was imported for them before other than through their application (`embassy import feed --person`). */
  importedBefore: boolean
}

/** What cohortFeeds found. */
export interface CohortFeeds {
  feeds: CohortFeed[]
  /** Recorded feed imports that name no person (recorded by an older version): not matched to anyone. */
  unattributed: number
}

/**
 * The feeds of a found cohort's applications (withdrawn ones aside), or null when its
 * program counts no content items: the blog link each applicant gave, and every feed imported for an
 * applicant before (`embassy import feed --person`, or an earlier re-import), each once per person.
 */
export async function cohortFeeds(db: Db, found: FoundCohort): Promise<CohortFeeds | null> {
  const [content] = await db
    .select({ id: requirements.id })
    .from(requirements)
    .where(and(eq(requirements.programId, found.program.id), eq(requirements.kind, 'content_count')))
    .limit(1)
  if (!content) return null

  const applicants = await db
    .select({ personId: applications.personId, handle: people.handle, links: applications.links })
    .from(applications)
    .innerJoin(people, eq(people.id, applications.personId))
    .where(and(eq(applications.cohortId, found.cohort.id), ne(applications.status, 'withdrawn')))
    .orderBy(asc(people.handle))
  const byPerson = new Map(applicants.map((a) => [a.personId, a]))
  const given = new Map<string, string>() // person id → the href of the blog link they gave
  for (const a of applicants) {
    const link = text(a.links?.blog)
    if (!link) continue
    try {
      given.set(a.personId, checkFeedUrl(link).href)
    } catch {
      given.set(a.personId, link) // reported as failed when it is fetched: the message says what is wrong with it
    }
  }

  const runs = (await db.execute(sql`
    select distinct on (target) target, cursor from import_runs where source = 'feed' order by target, started_at desc`)) as unknown as {
    rows: { target: string; cursor: Record<string, unknown> | null }[]
  }
  const feeds: CohortFeed[] = []
  const seen = new Set<string>() // person id + URL, for the URL given and the feed a page announced
  const announcedBy = new Map<string, string>() // person id + blog link → the feed the page announced when last fetched
  let unattributed = 0
  for (const run of runs.rows) {
    const personId = text(run.cursor?.personId)
    if (!personId) {
      unattributed++
      continue
    }
    const applicant = byPerson.get(personId)
    if (!applicant) continue
    const announced = text(run.cursor?.feedUrl)
    if (run.cursor?.fromApplication === true) {
      // Fetched because an application gave it: the application's current link says whether it still counts.
      if (announced) announcedBy.set(`${personId} ${run.target}`, announced)
      continue
    }
    if (seen.has(`${personId} ${run.target}`) || (announced && seen.has(`${personId} ${announced}`))) continue
    seen.add(`${personId} ${run.target}`)
    if (announced) seen.add(`${personId} ${announced}`)
    feeds.push({ url: run.target, personId, handle: applicant.handle, givenOnApplication: given.get(personId) === run.target, importedBefore: true })
  }
  for (const a of applicants) {
    const url = given.get(a.personId)
    const announced = url && announcedBy.get(`${a.personId} ${url}`)
    if (!url || seen.has(`${a.personId} ${url}`) || (announced && seen.has(`${a.personId} ${announced}`))) continue
    seen.add(`${a.personId} ${url}`)
    feeds.push({ url, personId: a.personId, handle: a.handle, givenOnApplication: true, importedBefore: false })
  }
  feeds.sort((x, y) => (x.handle < y.handle ? -1 : x.handle > y.handle ? 1 : x.url < y.url ? -1 : x.url > y.url ? 1 : 0))
  return { feeds, unattributed }
}

/** A feed to fetch again, through the SSRF-guarded fetcher with its size and time limits. */
export function feedImport(feed: CohortFeed): RecordedImport {
  return {
    source: 'feed',
    target: feed.url,
    // An applicant's link, printed on a terminal: no control characters.
    label: `${feed.url.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd')} (@${feed.handle})`,
    owners: null,
    async rerun(deps, io, context) {
      try {
        const input: ImportFeedInput = { url: feed.url, personHandle: feed.handle, discover: true, fromApplication: !feed.importedBefore, ...(context.feedFetch ? { fetch: context.feedFetch } : {}) }
        const r = await importFeed(deps, input, quietIO(io, false))
        return { ...r.counts }
      } catch (e) {
        if (!(e instanceof FeedImportError)) throw e
        // A blog link that is a page announcing no feed is no failure: the applicant gave a page, not a feed.
        if (e.code === 'not_a_feed' && feed.givenOnApplication) throw new SkippedImport(`the application's blog link: ${e.message}`)
        throw new AppError('bad_request', e.message)
      }
    },
  }
}

/** An import found, when run, to have nothing to import (not a failure). */
export class SkippedImport extends Error {}
