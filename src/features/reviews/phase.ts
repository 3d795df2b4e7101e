import { t, type Locale } from '../../ui/i18n.ts'

/** The settings of a cohort's review phase as the rest of the feature reads them. */
export interface ReviewPhase {
  opensAt: Date
  closesAt: Date
  canSeeOtherReviews: boolean
  canSeeApplicantNames: boolean
  scoresChangeable: boolean
  reviewsPerApplication: number
  /** False when no phase is stored and these values come from the calendar's review phase and defaults. */
  stored: boolean
}

/** Assignment gives each application this many reviewers unless the phase says otherwise. */
export const DEFAULT_REVIEWS_PER_APPLICATION = 2

/**
 * The cohort's review phase: the stored settings, else the calendar's "review" span with blind, private
 * defaults, else undefined (no reviewing possible).
 */
export function effectivePhase(
  stored: Omit<ReviewPhase, 'stored'> | undefined,
  calendarReview: { startsAt: Date; endsAt: Date | null } | undefined,
): ReviewPhase | undefined {
  if (stored) return { ...stored, stored: true }
  if (!calendarReview?.endsAt) return undefined
  return {
    opensAt: calendarReview.startsAt,
    closesAt: calendarReview.endsAt,
    canSeeOtherReviews: false,
    canSeeApplicantNames: false,
    scoresChangeable: true,
    reviewsPerApplication: DEFAULT_REVIEWS_PER_APPLICATION,
    stored: false,
  }
}

/** Where `now` falls relative to the phase. */
export function phaseState(phase: ReviewPhase | undefined, now: Date): 'none' | 'upcoming' | 'open' | 'closed' {
  if (!phase) return 'none'
  if (now.getTime() < phase.opensAt.getTime()) return 'upcoming'
  if (now.getTime() >= phase.closesAt.getTime()) return 'closed'
  return 'open'
}

/** An instant as reviewers read it, in UTC with the zone named ("1 Apr 2025, 00:00 UTC"). */
export function formatInstant(at: Date, locale: Locale): string {
  return `${new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }).format(at)} UTC`
}

/** One sentence on the phase: open until, opens on, closed on, or none scheduled. */
export function describePhase(phase: ReviewPhase | undefined, now: Date, locale: Locale = 'en'): string {
  const state = phaseState(phase, now)
  if (!phase || state === 'none') return t(locale, 'review.phaseNone')
  if (state === 'upcoming') return t(locale, 'review.phaseUpcoming', { from: formatInstant(phase.opensAt, locale) })
  if (state === 'closed') return t(locale, 'review.phaseClosed', { until: formatInstant(phase.closesAt, locale) })
  return t(locale, 'review.phaseOpen', { until: formatInstant(phase.closesAt, locale) })
}
