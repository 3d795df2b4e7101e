import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { zoneOffsetMinutes } from '../../lib/dates.ts'
import { applications } from '../applications/schema.ts'
import type { EligibilityVerdict } from '../eligibility/types.ts'
import { describeCalendar, explainRequirementRule } from '../programs/calendar.ts'
import { applicationQuestions, cohortPhases, cohorts, communities, programs, requirements, selectionCriteria } from '../programs/schema.ts'
import { findProgram } from '../programs/queries.ts'

/** An instant as RFC 3339 with the offset of `zone` at that instant: "2025-03-01T00:00:00+08:00". */
export function isoInZone(instant: Date, zone: string): string {
  const offset = zoneOffsetMinutes(zone, instant)
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19)
  if (offset === 0) return `${local}Z`
  const abs = Math.abs(offset)
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/** Every program of every community, as the API lists them. */
export async function listPrograms(db: Db) {
  const rows = await db
    .select({
      communitySlug: communities.slug,
      communityName: communities.name,
      slug: programs.slug,
      name: programs.name,
      shortName: programs.shortName,
      summary: programs.summary,
      status: programs.status,
      targetSeats: programs.targetSeats,
    })
    .from(programs)
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .orderBy(asc(communities.name), asc(communities.slug), asc(programs.name), asc(programs.slug))
  return rows.map(({ communitySlug, communityName, ...p }) => ({
    community: { slug: communitySlug, name: communityName },
    ...p,
    href: `/api/v1/communities/${communitySlug}/programs/${p.slug}`,
  }))
}

/** A program with its catalogue, questions, criteria and every cohort's calendar; undefined for unknown slugs. */
export async function getProgramDetail(db: Db, communitySlug: string, programSlug: string, now: Date) {
  const found = await findProgram(db, communitySlug, programSlug)
  if (!found) return undefined
  const { community, program } = found
  const [requirementRows, questionRows, criterionRows, cohortRows] = await Promise.all([
    db.select().from(requirements).where(eq(requirements.programId, program.id)).orderBy(asc(requirements.position)),
    db.select().from(applicationQuestions).where(eq(applicationQuestions.programId, program.id)).orderBy(asc(applicationQuestions.position)),
    db.select().from(selectionCriteria).where(eq(selectionCriteria.programId, program.id)).orderBy(asc(selectionCriteria.position)),
    db.select().from(cohorts).where(eq(cohorts.programId, program.id)).orderBy(desc(cohorts.year), desc(cohorts.slug)),
  ])
  const phaseRows = cohortRows.length
    ? await db
        .select()
        .from(cohortPhases)
        .where(
          inArray(
            cohortPhases.cohortId,
            cohortRows.map((c) => c.id),
          ),
        )
        .orderBy(asc(cohortPhases.position))
    : []
  const t = now.getTime()
  const mandatory = requirementRows.filter((r) => r.mandatory).length
  return {
    community: { slug: community.slug, name: community.name, tagline: community.tagline, websiteUrl: community.websiteUrl },
    slug: program.slug,
    name: program.name,
    shortName: program.shortName,
    summary: program.summary,
    descriptionMarkdown: program.descriptionMd,
    status: program.status,
    targetSeats: program.targetSeats,
    termMonths: program.termMonths,
    requirementsAtLeast: program.requirementsAtLeast,
    requirementRule: explainRequirementRule(mandatory, requirementRows.length - mandatory, program.requirementsAtLeast),
    requirements: requirementRows.map((r) => ({
      key: r.key,
      title: r.title,
      descriptionMarkdown: r.descriptionMd,
      kind: r.kind,
      mandatory: r.mandatory,
      threshold: r.threshold,
      windowMonths: r.windowMonths,
    })),
    questions: questionRows.map((q) => ({ key: q.key, prompt: q.prompt, help: q.help, required: q.required, maxLength: q.maxLength })),
    criteria: criterionRows.map((k) => ({ key: k.key, name: k.name, description: k.description, weight: Number(k.weight), scaleMin: k.scaleMin, scaleMax: k.scaleMax })),
    cohorts: cohortRows.map((cohort) => {
      const rows = phaseRows.filter((p) => p.cohortId === cohort.id)
      const phases = describeCalendar(rows, cohort.timeZone, now).map((view, i) => ({ ...view, kind: rows[i]!.kind }))
      const window = phases.find((p) => p.kind === 'applications')
      const closesAt = window ? (window.endsAt ?? window.startsAt) : undefined
      return {
        slug: cohort.slug,
        year: cohort.year,
        title: cohort.title,
        seats: cohort.seats,
        timeZone: cohort.timeZone,
        applications:
          window && closesAt
            ? {
                opensAt: isoInZone(window.startsAt, cohort.timeZone),
                closesAt: isoInZone(closesAt, cohort.timeZone),
                state: t < window.startsAt.getTime() ? ('upcoming' as const) : t < closesAt.getTime() ? ('open' as const) : ('closed' as const),
              }
            : null,
        phases: phases.map((p) => ({
          kind: p.kind,
          label: p.label,
          startsAt: isoInZone(p.startsAt, cohort.timeZone),
          endsAt: p.endsAt ? isoInZone(p.endsAt, cohort.timeZone) : null,
          allDay: p.allDay,
          firstDay: p.startDay,
          lastDay: p.endDay,
          state: p.state,
        })),
      }
    }),
  }
}

/** A person's applications, most recently changed first. */
export async function listApplicationsOf(db: Db, personId: string) {
  const rows = await db
    .select({
      id: applications.id,
      status: applications.status,
      eligibility: applications.eligibility,
      createdAt: applications.createdAt,
      updatedAt: applications.updatedAt,
      submittedAt: applications.submittedAt,
      withdrawnAt: applications.withdrawnAt,
      community: { slug: communities.slug, name: communities.name },
      program: { slug: programs.slug, name: programs.name },
      cohort: { slug: cohorts.slug, title: cohorts.title, year: cohorts.year },
    })
    .from(applications)
    .innerJoin(cohorts, eq(cohorts.id, applications.cohortId))
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .where(eq(applications.personId, personId))
    .orderBy(desc(applications.updatedAt), desc(applications.id))
  return rows.map(({ eligibility, ...row }) => {
    const verdict = eligibility as EligibilityVerdict | null
    return {
      ...row,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      submittedAt: row.submittedAt?.toISOString() ?? null,
      withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
      eligibility: verdict ? { overall: verdict.overall, summary: verdict.summary } : null,
      href: `/api/v1/communities/${row.community.slug}/programs/${row.program.slug}/application`,
      receiptUrl: `/applications/${row.id}`,
    }
  })
}
