/** What automatic assignment works on; plain data, so it runs in microseconds in tests and benchmarks. */
export interface AssignmentProblem {
  /** Applications with the language they were written in (the applicant's locale). */
  applications: readonly { id: string; language: string }[]
  /**
   * Reviewers with the languages they read (an empty list reads any language) and their capacity: at most
   * this many assignments in all, existing ones included (null or absent: unlimited).
   */
  reviewers: readonly { id: string; languages: readonly string[]; capacity?: number | null }[]
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
  /** Of those, reviewers not on it because they reached their capacity. */
  atCapacity: number
}

/** Reviews still wanted before the run against the capacity left (null: some reviewer is unlimited). */
export interface CapacityCheck {
  needed: number
  available: number | null
}

/** The assignments to add, the applications left short, and every reviewer's resulting load. */
export interface AssignmentPlan {
  added: { applicationId: string; reviewerId: string }[]
  shortfalls: AssignmentShortfall[]
  load: Map<string, number>
  capacity: CapacityCheck
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
 * reviewers' order), skipping reviewers at their capacity. Without capacities an application gets k whenever
 * k reviewers are eligible for it, and with no constraints the loads differ by at most one. No reviewer ever
 * goes over their capacity: an application left short is reported with how many of its eligible reviewers
 * were full. Existing assignments are kept.
 */
export function assignReviewers(problem: AssignmentProblem): AssignmentPlan {
  const { reviewers, k } = problem
  // Indices and typed arrays instead of string keys: 5,000 × 100 pair checks stay in the milliseconds.
  const reviewerIndex = new Map(reviewers.map((r, i) => [r.id, i]))
  const applicationIndex = new Map(problem.applications.map((a, i) => [a.id, i]))
  const load = new Int32Array(reviewers.length)
  const assigned: Set<number>[] = problem.applications.map(() => new Set<number>())
  for (const e of problem.existing) {
    const a = applicationIndex.get(e.applicationId)
    const r = reviewerIndex.get(e.reviewerId)
    if (r !== undefined) load[r]! += 1
    if (a !== undefined && r !== undefined) assigned[a]!.add(r)
  }
  const capacity = Float64Array.from(reviewers, (r) => (r.capacity === null || r.capacity === undefined ? Infinity : Math.max(0, r.capacity)))
  let needed = 0
  for (const mine of assigned) needed += Math.max(0, k - mine.size)
  let available = 0
  for (let r = 0; r < reviewers.length; r++) available += Math.max(0, capacity[r]! - load[r]!)
  const blockedFor: (Set<number> | undefined)[] = new Array(problem.applications.length)
  for (const key of problem.blocked) {
    const bar = key.indexOf('|')
    const r = reviewerIndex.get(key.slice(0, bar))
    const a = applicationIndex.get(key.slice(bar + 1))
    if (r === undefined || a === undefined) continue
    ;(blockedFor[a] ??= new Set()).add(r)
  }
  const languageOf = reviewers.map((r) => (r.languages.length ? new Set(r.languages.map(primary)) : undefined))
  const eligibleFor = (application: { language: string }, a: number) => {
    const language = primary(application.language)
    const blocked = blockedFor[a]
    const out: number[] = []
    for (let r = 0; r < reviewers.length; r++) if (!blocked?.has(r) && (languageOf[r]?.has(language) ?? true)) out.push(r)
    return out
  }

  const work = problem.applications.map((application, index) => ({ application, index, eligible: eligibleFor(application, index) }))
  work.sort((a, b) => a.eligible.length - b.eligible.length || a.index - b.index)

  const added: AssignmentPlan['added'] = []
  const shortfalls: AssignmentShortfall[] = []
  for (const { application, index, eligible } of work) {
    const mine = assigned[index]!
    const candidates = eligible.filter((r) => !mine.has(r) && load[r]! < capacity[r]!)
    // Partial selection of the lightest `need` candidates: k is small, so k passes beat a full sort.
    for (let need = k - mine.size; need > 0 && candidates.length > 0; need--) {
      let best = 0
      for (let i = 1; i < candidates.length; i++) if (load[candidates[i]!]! < load[candidates[best]!]!) best = i
      const r = candidates.splice(best, 1)[0]!
      mine.add(r)
      load[r]! += 1
      added.push({ applicationId: application.id, reviewerId: reviewers[r]!.id })
    }
    if (mine.size < k) {
      let atCapacity = 0
      for (const r of eligible) if (!mine.has(r) && load[r]! >= capacity[r]!) atCapacity++
      shortfalls.push({ applicationId: application.id, assigned: mine.size, wanted: k, eligible: eligible.length, atCapacity })
    }
  }
  return {
    added,
    shortfalls,
    load: new Map(reviewers.map((r, i) => [r.id, load[i]!])),
    capacity: { needed, available: Number.isFinite(available) ? available : null },
  }
}
