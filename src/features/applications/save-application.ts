import { and, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { dayInZone } from '../../lib/dates.ts'
import { searchKey } from '../../lib/text.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { queueEmail } from '../communications/queue-email.ts'
import { people } from '../people/schema.ts'
import type { Cohort, Community, Program, Requirement } from '../programs/queries.ts'
import { evaluateApplication } from './eligibility-input.ts'
import type { ApplicationInput } from './forms.ts'
import type { ApplicationWindow } from './queries.ts'
import { applications, evidenceItems } from './schema.ts'
import { importedEvidenceFor, replaceImportedEvidence } from './imported-evidence.ts'
import { receivedEmail } from './emails.ts'
import { notifyWebhooks } from '../webhooks/notify.ts'
import { describeZoneIn, formatDayIn, t, type Locale } from '../../ui/i18n.ts'

/** What saving needs to know about where the application goes. */
export interface ApplicationTarget {
  community: Community
  program: Program
  requirements: Requirement[]
  cohort: Cohort
  window: ApplicationWindow
}

/**
 * A deadline as people read it: "the end of September 1, 2023 in Anywhere on Earth (UTC−12) (2023-09-02T12:00:00Z)",
 * or in Chinese "2023年9月1日结束时（全球任意地区 (UTC−12)；2023-09-02T12:00:00Z）".
 */
export function describeDeadline(window: ApplicationWindow, zone: string, locale: Locale = 'en'): string {
  const lastDay = dayInZone(new Date(window.closesAt.getTime() - 1), zone)
  return t(locale, 'deadline.describe', { day: formatDayIn(locale, lastDay), zone: describeZoneIn(locale, zone, window.closesAt), iso: window.closesAt.toISOString().replace('.000Z', 'Z') })
}

/** Why a cohort's window does not take applications at `now`, in `locale`; undefined while it is open. */
export function windowClosedMessage(cohort: { title: string; timeZone: string }, window: ApplicationWindow, now: Date, locale: Locale = 'en'): string | undefined {
  if (now.getTime() < window.opensAt.getTime()) {
    return t(locale, 'apply.opensOn', { cohort: cohort.title, day: formatDayIn(locale, dayInZone(window.opensAt, cohort.timeZone)) })
  }
  if (now.getTime() >= window.closesAt.getTime()) {
    return t(locale, 'apply.closedAt', { cohort: cohort.title, deadline: describeDeadline(window, cohort.timeZone, locale) })
  }
  return undefined
}

function assertWindowOpen(target: ApplicationTarget, now: Date, locale: Locale) {
  const closed = windowClosedMessage(target.cohort, target.window, now, locale)
  if (closed) throw new AppError('conflict', closed)
}

/**
 * Saves a person's application to a cohort (creating the draft on first save): fields, evidence (replaced as
 * a whole) and the recomputed eligibility, in one transaction. With `submit`, it also submits — once: a
 * second submit (a double click) finds it submitted and changes nothing but the fields — and queues the
 * confirmation email under an idempotency key. Only while the cohort's application window is open.
 */
export async function saveApplication(
  deps: AppDeps,
  target: ApplicationTarget,
  personId: string,
  input: ApplicationInput,
  options: { submit: boolean; locale: Locale; actor?: string },
) {
  const now = deps.clock()
  assertWindowOpen(target, now, options.locale)
  const cohortWindow = { timeZone: target.cohort.timeZone, closesAt: target.window.closesAt }
  // What the contribution store knows of the applicant counts alongside what they typed.
  const imported = await importedEvidenceFor(deps.db, personId, target.requirements, cohortWindow)
  const verdict = evaluateApplication(
    { requirements: target.requirements, requirementsAtLeast: target.program.requirementsAtLeast },
    cohortWindow,
    { ...input, evidence: [...input.evidence, ...imported.map((e) => ({ ...e, source: 'import' as const }))] },
    options.locale,
  )

  const result = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const [existing] = await db
      .select({ id: applications.id, status: applications.status })
      .from(applications)
      .where(and(eq(applications.cohortId, target.cohort.id), eq(applications.personId, personId)))
      .for('update')
    if (existing?.status === 'withdrawn') {
      throw new AppError('conflict', t(options.locale, 'apply.withdrawnNoChange'))
    }
    const submitting = options.submit && existing?.status !== 'submitted'
    const fields = {
      answers: input.answers,
      country: input.country || null,
      region: input.region || null,
      links: input.links,
      attestedMinimumAge: input.attestedMinimumAge,
      affirmed: input.affirmed,
      freeForm: input.freeForm,
      exceptionReason: input.exceptionReason || null,
      eligibility: verdict,
      eligibilityOverall: verdict.overall,
      locale: options.locale,
      updatedAt: now,
      ...(submitting ? { status: 'submitted' as const, submittedAt: now } : {}),
    }
    let id: string
    if (existing) {
      await db.update(applications).set(fields).where(eq(applications.id, existing.id))
      id = existing.id
    } else {
      const [created] = await db
        .insert(applications)
        .values({ ...fields, cohortId: target.cohort.id, personId, createdAt: now })
        .onConflictDoNothing({ target: [applications.cohortId, applications.personId] })
        .returning({ id: applications.id })
      // A concurrent first save of the same person won (one application per person and cohort): point to it.
      if (!created) {
        const [first] = await db
          .select({ id: applications.id })
          .from(applications)
          .where(and(eq(applications.cohortId, target.cohort.id), eq(applications.personId, personId)))
        throw new AppError('conflict', t(options.locale, 'apply.savedElsewhere', { link: `${deps.config.baseUrl}/applications/${first?.id ?? ''}` }))
      }
      id = created.id
    }
    await replaceImportedEvidence(db, id, imported)
    await db.delete(evidenceItems).where(and(eq(evidenceItems.applicationId, id), eq(evidenceItems.source, 'self')))
    if (input.evidence.length) {
      await db.insert(evidenceItems).values(
        input.evidence.map((e, position) => ({ applicationId: id, position, type: e.type, title: e.title, url: e.url ?? null, occurredOn: e.occurredOn ?? null, count: e.count, notes: e.notes, source: 'self' as const })),
      )
    }
    // The name field is the account's name. The region and country stay the application's own while it is a
    // draft (autosaved as the applicant types): only a submitted application gives them to the person, whose
    // directory entry shows them, and an empty field never clears what the person has.
    const submitted = submitting || existing?.status === 'submitted'
    const personal = {
      ...(input.displayName ? { displayName: input.displayName, searchKey: searchKey(input.displayName) } : {}),
      ...(submitted && input.region ? { region: input.region } : {}),
      ...(submitted && input.country ? { country: input.country } : {}),
    }
    if (Object.keys(personal).length) await db.update(people).set({ ...personal, updatedAt: now }).where(eq(people.id, personId))
    await recordAudit(db, {
      actor: options.actor ?? personId,
      action: submitting ? 'application.submit' : existing ? 'application.update' : 'application.create',
      entity: 'application',
      entityId: id,
      after: { status: submitting ? 'submitted' : (existing?.status ?? 'draft'), evidence: input.evidence.length, eligibility: verdict.overall },
    })
    if (submitting) {
      const path = `/admin/c/${target.community.slug}/programs/${target.program.slug}/cohorts/${target.cohort.slug}/applications`
      await notifyWebhooks(db, { programId: target.program.id, event: 'application.submitted', eventKey: id, payload: { applicationId: id, cohort: target.cohort.title, path } })
    }
    return { id, status: submitting ? 'submitted' : (existing?.status ?? 'draft'), submittedNow: submitting }
  })

  if (result.submittedNow) {
    const [person] = await deps.db.select({ email: people.email, displayName: people.displayName }).from(people).where(eq(people.id, personId))
    if (person?.email) {
      await queueEmail(deps, {
        idempotencyKey: `application-received:${result.id}`,
        to: person.email,
        ...(await receivedEmail(deps, target.program.id, options.locale, {
          name: person.displayName,
          program: target.program.name,
          cohort: target.cohort.title,
          deadline: describeDeadline(target.window, target.cohort.timeZone, options.locale),
          link: `${deps.config.baseUrl}/applications/${result.id}`,
          verdict: verdict.summary,
        })),
      })
    }
  }
  return { ...result, verdict }
}
