import { and, eq, inArray } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { enqueueJob } from '../../jobs/queue.ts'
import { queueEmail } from '../communications/queue-email.ts'
import { applications } from '../applications/schema.ts'
import { people } from '../people/schema.ts'
import { reviews } from '../reviews/schema.ts'
import { describeZoneIn, type Locale } from '../../ui/i18n.ts'
import { renderEmail } from '../communications/render-email.ts'
import { feedbackText, type DecisionTemplate } from './mail-templates.ts'
import { offerLink } from './offer-links.ts'
import { acceptanceOffers } from './schema.ts'

/** The job that expires an unanswered offer and offers the seat to the waitlist (see expire-offer.ts). */
export const OFFER_EXPIRY_JOB = 'acceptance-offer-expiry'

/** Days a person promoted from the waitlist has to answer, at least. */
export const PROMOTED_RESPONSE_DAYS = 7

/**
 * Offers seats to applications (once per application: existing offers are kept as they are) and enqueues the job
 * that expires each unanswered offer at its deadline. Pass a transaction as `db`.
 */
export async function offerSeats(
  db: Db,
  cohortId: string,
  seats: { applicationId: string; personId: string }[],
  options: { respondBy: Date; now: Date; origin: 'announcement' | 'waitlist' },
): Promise<Map<string, { id: string; respondBy: Date }>> {
  if (!seats.length) return new Map()
  await db
    .insert(acceptanceOffers)
    .values(seats.map((s) => ({ cohortId, applicationId: s.applicationId, personId: s.personId, origin: options.origin, offeredAt: options.now, respondBy: options.respondBy })))
    .onConflictDoNothing({ target: acceptanceOffers.applicationId })
  const offers = await db
    .select({ id: acceptanceOffers.id, applicationId: acceptanceOffers.applicationId, respondBy: acceptanceOffers.respondBy })
    .from(acceptanceOffers)
    .where(and(eq(acceptanceOffers.cohortId, cohortId), inArray(acceptanceOffers.applicationId, seats.map((s) => s.applicationId))))
  for (const offer of offers) {
    await enqueueJob(db, { kind: OFFER_EXPIRY_JOB, key: `offer-expiry:${offer.id}`, payload: { offerId: offer.id }, runAt: offer.respondBy })
  }
  return new Map(offers.map((o) => [o.applicationId, { id: o.id, respondBy: o.respondBy }]))
}

/** An instant as a person reads a deadline: "20 September 2023 at 23:59 Asia/Shanghai (UTC+8)" in their language (the zone too: 全球任意地区). */
export function describeInstant(locale: Locale, instant: Date, zone: string): string {
  const when = new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: zone, dateStyle: 'long', timeStyle: 'short' }).format(instant)
  return `${when} ${describeZoneIn(locale, zone, instant)}`
}

/** The applicants of some applications as emails address them: address, name, language; reviewers' feedback. */
export async function recipientsOf(db: Db, cohortId: string, applicationIds: string[]) {
  if (!applicationIds.length) return new Map<string, { email: string | null; name: string; locale: Locale; feedback: string[] }>()
  const [rows, feedbackRows] = await Promise.all([
    db
      .select({ applicationId: applications.id, email: people.email, name: people.displayName, locale: applications.locale })
      .from(applications)
      .innerJoin(people, eq(people.id, applications.personId))
      .where(inArray(applications.id, applicationIds)),
    db
      .select({ applicationId: reviews.applicationId, feedback: reviews.feedbackToApplicant })
      .from(reviews)
      .where(and(eq(reviews.cohortId, cohortId), inArray(reviews.applicationId, applicationIds))),
  ])
  const feedback = new Map<string, string[]>()
  for (const f of feedbackRows) {
    const text = f.feedback.trim()
    if (text) feedback.set(f.applicationId, [...(feedback.get(f.applicationId) ?? []), text])
  }
  return new Map(
    rows.map((r) => [r.applicationId, { email: r.email, name: r.name, locale: (r.locale === 'zh-CN' ? 'zh-CN' : 'en') as Locale, feedback: feedback.get(r.applicationId) ?? [] }]),
  )
}

/** What every decision email of a cohort names. */
export interface CohortNames {
  cohortId: string
  /** Whose template overrides apply. */
  programId: string
  program: string
  cohort: string
  timeZone: string
}

/** The decision an email tells, as a template of the catalogue. */
export type DecisionKind = 'accepted' | 'waitlisted' | 'not_selected' | 'promoted'

const templateOf: Record<DecisionKind, DecisionTemplate> = {
  accepted: 'decision-accepted',
  waitlisted: 'decision-waitlisted',
  not_selected: 'decision-not-selected',
  promoted: 'decision-promoted',
}

/**
 * Queues one decision email per applicant under the key `<prefix>:<applicationId>`, so a retried job or request
 * sends none twice: the program's template (or the default) in the applicant's language, with the reviewers'
 * feedback. Applicants without an address are skipped (nothing to send to).
 */
export async function queueDecisionEmails(
  deps: AppDeps,
  names: CohortNames,
  items: { applicationId: string; kind: DecisionKind; offer?: { id: string; respondBy: Date }; waitlistPosition?: number | null }[],
  keyPrefix: 'decision' | 'offer',
): Promise<number> {
  const recipients = await recipientsOf(deps.db, names.cohortId, items.map((i) => i.applicationId))
  let created = 0
  for (const item of items) {
    const to = recipients.get(item.applicationId)
    if (!to?.email) continue
    const mail = await renderEmail(deps, {
      programId: names.programId,
      template: templateOf[item.kind],
      locale: to.locale,
      vars: {
        name: to.name,
        program: names.program,
        cohort: names.cohort,
        feedback: feedbackText(to.locale, to.feedback),
        position: item.waitlistPosition ?? '—',
        link: item.offer ? offerLink(deps.config.baseUrl, deps.secretKey, item.offer.id, to.locale) : '',
        respondBy: item.offer ? describeInstant(to.locale, item.offer.respondBy, names.timeZone) : '',
      },
    })
    const queued = await queueEmail(deps, { idempotencyKey: `${keyPrefix}:${item.applicationId}`, to: to.email, fromName: names.program, ...mail })
    if (queued.created) created++
  }
  return created
}
