/**
 * Plain data the eligibility engine reads and returns. No I/O: the CLI, the API and jobs load rows and
 * evidence, call `evaluateEligibility`, and show or store the verdict.
 */

/** The kinds of requirement the engine understands (the `requirement_kind` enum of the database). */
export type RequirementKind =
  | 'content_count'
  | 'code_contributions'
  | 'events'
  | 'other_projects'
  | 'age_attestation'
  | 'statement'
  | 'free_form'

/** One requirement of a program's catalogue; a row of the `requirements` table can be passed as it is. */
export interface RequirementRule {
  key: string
  title: string
  kind: RequirementKind
  mandatory: boolean
  threshold: number | null
  windowMonths: number | null
  settings: Record<string, unknown>
}

/** What a piece of evidence is. */
export type EvidenceType =
  | 'blog_post'
  | 'video'
  | 'social_post'
  | 'talk'
  | 'user_case'
  | 'code_contribution'
  | 'event_organized'
  | 'event_presented'
  | 'project_role'
  | 'other'

/** One piece of evidence an applicant entered or an import produced. */
export interface EvidenceItem {
  id: string
  type: EvidenceType
  title: string
  url: string | null
  /** 'YYYY-MM-DD': a calendar day as the applicant entered it, or for imported items the day in the cohort's zone. */
  occurredOn: string | null
  /** At least 1; e.g. one imported row summarising 23 commits. */
  count: number
  source: 'self' | 'import'
}

/** What the applicant states rather than evidences. */
export interface ApplicantStatements {
  /** The age the applicant attests to be at least, e.g. 18; never a birth date. */
  attestedMinimumAge: number | null
  /** Keys of statement requirements the applicant affirms. */
  affirmed: string[]
  /** Requirement key → text the applicant wrote for free_form requirements. */
  freeForm: Record<string, string>
}

/** Languages the verdict's sentences (reasons and summary) are written in; the applicant pages' locales. */
export type EligibilityLocale = 'en' | 'zh-CN'

/** Everything one evaluation needs: the catalogue, the rule, the calendar and the application. */
export interface EligibilityInput {
  requirements: RequirementRule[]
  /** How many non-mandatory requirements are needed; null = every non-mandatory requirement is needed. */
  atLeast: number | null
  /** Exclusive instant the application window closes. */
  deadline: Date
  /** IANA zone of the cohort. */
  timeZone: string
  evidence: EvidenceItem[]
  statements: ApplicantStatements
  /** Language of `reason` and `summary`; English when absent (or anything else). Statuses and counts do not depend on it. */
  locale?: EligibilityLocale
}

/** Where one requirement stands: met, not met, or waiting for a reviewer to read free text. */
export type RequirementStatus = 'met' | 'not_met' | 'needs_review'

/** Inclusive range of calendar days ('YYYY-MM-DD', in the cohort's zone) whose evidence counts. */
export interface RequirementWindow {
  firstDay: string
  lastDay: string
}

/** The verdict on one requirement, in the order of the catalogue. */
export interface RequirementVerdict {
  key: string
  title: string
  kind: RequirementKind
  mandatory: boolean
  status: RequirementStatus
  /** What was counted (items, contributions, events, distinct projects); null for kinds that do not count. */
  count: number | null
  /** The count needed (at least 1) for counting kinds; null for the others. */
  threshold: number | null
  /** The days whose evidence counted; null when the requirement has no window. */
  window: RequirementWindow | null
  /** Ids of the evidence that counted, sorted; duplicates appear once. */
  counted: string[]
  /**
   * In the input's locale, e.g. "3 of 4 content items between September 2, 2022 and September 1, 2023", or
   * "2022年9月2日至2023年9月1日期间有 3 项内容，需要 4 项".
   */
  reason: string
}

/** The verdict on a whole application. */
export interface EligibilityVerdict {
  requirements: RequirementVerdict[]
  /** Every mandatory requirement is met (true when there are none). */
  mandatoryMet: boolean
  /** Non-mandatory requirements met. */
  optionalMet: number
  /** Non-mandatory requirements waiting for review. */
  optionalPending: number
  /** Non-mandatory requirements in the catalogue. */
  optionalTotal: number
  /** Non-mandatory requirements needed: `atLeast` capped at `optionalTotal`, or all of them when `atLeast` is null. */
  optionalNeeded: number
  /** eligible: met now; needs_review: reviewers' reading can still make it eligible; not_eligible: it cannot. */
  overall: 'eligible' | 'needs_review' | 'not_eligible'
  /** In the input's locale, e.g. "You meet 2 of the 6; you need 2. You meet all 3 mandatory requirements." or "您满足其余 6 项中的 2 项，需要 2 项。3 项必备条件均已满足。" */
  summary: string
}
