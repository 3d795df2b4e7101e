import { dayInZone } from '../../lib/dates.ts'
import { t, type Locale } from '../../ui/i18n.ts'

/** Where a phase stands relative to now. */
export type PhaseState = 'past' | 'current' | 'upcoming'

/** A stored calendar phase, as the calendar needs it. */
export interface Phase {
  kind: string
  label: string
  startsAt: Date
  endsAt: Date | null
  allDay: boolean
}

/** A phase ready to show: its days in the cohort's zone and its state at `now`. */
export interface PhaseView extends Phase {
  state: PhaseState
  /** First day, in the cohort's zone. */
  startDay: string
  /** Last day (inclusive), in the cohort's zone; equal to startDay for one-day phases. */
  endDay: string
}

/** Places each phase relative to `now`; a phase without an end is a moment, current never, past once reached. */
export function describeCalendar(phases: Phase[], zone: string, now: Date): PhaseView[] {
  return phases.map((phase) => {
    const t = now.getTime()
    const start = phase.startsAt.getTime()
    const end = phase.endsAt?.getTime() ?? start
    const state: PhaseState = t < start ? 'upcoming' : t < end ? 'current' : 'past'
    const lastInstant = phase.endsAt ? new Date(phase.endsAt.getTime() - 1) : phase.startsAt
    return {
      ...phase,
      state,
      startDay: dayInZone(phase.startsAt, zone),
      endDay: dayInZone(lastInstant, zone),
    }
  })
}

/** The requirement rule in one sentence: "Applicants need all 3 mandatory requirements, and at least 2 of the other 6." */
export function explainRequirementRule(mandatoryCount: number, optionalCount: number, atLeast: number | null, locale: Locale = 'en'): string {
  const parts: string[] = []
  if (mandatoryCount > 0) parts.push(mandatoryCount === 1 ? t(locale, 'program.rule.oneMandatory') : t(locale, 'program.rule.allMandatory', { count: mandatoryCount }))
  if (optionalCount > 0) {
    if (atLeast === null || atLeast >= optionalCount) {
      parts.push(optionalCount === 1 ? t(locale, 'program.rule.oneOther') : t(locale, 'program.rule.allOther', { count: optionalCount }))
    } else if (atLeast > 0) {
      parts.push(t(locale, 'program.rule.atLeast', { atLeast, count: optionalCount }))
    }
  }
  if (parts.length === 0) return t(locale, 'program.rule.none')
  return t(locale, 'program.rule.sentence', { parts: parts.join(t(locale, 'program.rule.join')) })
}
