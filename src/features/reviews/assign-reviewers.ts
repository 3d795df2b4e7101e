import { pairKey } from './conflicts.ts'

/** What automatic assignment works on; plain data, so it runs in microseconds in tests and benchmarks. */
export interface AssignmentProblem {
  /** Applications with the language they were written in (the applicant's locale). */
  applications: readonly { id: string; language: string }[]
  /** Reviewers with the languages they read; an empty list reads any language. */
  reviewers: readonly { id: string; languages: readonly string[] }[]
  /** Reviewers wanted per application. */
  k: number
  /** Pairs (pairKey) that must never be assigned: conflicts, and assignments a manager removed. */
  blocked: ReadonlySet<string>
  /** Assignments that already exist; they stay, count toward k and toward each reviewer's load. */
  existing: readonly { applicationId: string; reviewerId: string }[]
}

/** An application that could not get k reviewers, and why. */
export interface AssignmentShortfall {
  applicationId: string
  assigned: number
  wanted: number
  /** Reviewers allowed on it at all (not conflicted, reading its language). */
  eligible: number
}

/** The assignments to add, the applications left short, and every reviewer's resulting load. */
export interface AssignmentPlan {
  added: { applicationId: string; reviewerId: string }[]
  shortfalls: AssignmentShortfall[]
  load: Map<string, number>
}

/** "zh-CN" and "zh" read the same; compare primary language subtags. */
const primary = (tag: string) => tag.toLowerCase().split(/[-_]/)[0]!

/** Whether a reviewer reads an application's language. */
export function readsLanguage(reviewerLanguages: readonly string[], language: string): boolean {
  return reviewerLanguages.length === 0 || reviewerLanguages.some((l) => primary(l) === primary(language))
}

/**
 * Gives every application k reviewers, greedily: the most constrained applications (fewest eligible
 * reviewers) go first, and each takes the eligible reviewers with the lightest load so far (ties by the
 * reviewers' order). Without capacities an application gets k whenever k reviewers are eligible for it,
 * and with no constraints the loads differ by at most one. Existing assignments are kept.
 */
export function assignReviewers(problem: AssignmentProblem): AssignmentPlan {
  const { reviewers, blocked, k } = problem
  const load = new Map<string, number>(reviewers.map((r) => [r.id, 0]))
  const assigned = new Map<string, Set<string>>()
  for (const e of problem.existing) {
    const set = assigned.get(e.applicationId) ?? new Set<string>()
    set.add(e.reviewerId)
    assigned.set(e.applicationId, set)
    if (load.has(e.reviewerId)) load.set(e.reviewerId, load.get(e.reviewerId)! + 1)
  }
  const eligibleFor = (application: { id: string; language: string }) =>
    reviewers.filter((r) => !blocked.has(pairKey(r.id, application.id)) && readsLanguage(r.languages, application.language))

  const work = problem.applications.map((application, index) => ({ application, index, eligible: eligibleFor(application) }))
  work.sort((a, b) => a.eligible.length - b.eligible.length || a.index - b.index)

  const added: AssignmentPlan['added'] = []
  const shortfalls: AssignmentShortfall[] = []
  for (const { application, eligible } of work) {
    const mine = assigned.get(application.id) ?? new Set<string>()
    const candidates = eligible.filter((r) => !mine.has(r.id))
    // Partial selection of the lightest `need` candidates: k is small, so k passes beat a full sort.
    for (let need = k - mine.size; need > 0 && candidates.length > 0; need--) {
      let best = 0
      for (let i = 1; i < candidates.length; i++) if (load.get(candidates[i]!.id)! < load.get(candidates[best]!.id)!) best = i
      const [reviewer] = candidates.splice(best, 1)
      mine.add(reviewer!.id)
      load.set(reviewer!.id, load.get(reviewer!.id)! + 1)
      added.push({ applicationId: application.id, reviewerId: reviewer!.id })
    }
    assigned.set(application.id, mine)
    if (mine.size < k) shortfalls.push({ applicationId: application.id, assigned: mine.size, wanted: k, eligible: eligible.length })
  }
  return { added, shortfalls, load }
}
