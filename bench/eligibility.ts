// Eligibility engine throughput: 100,000 generated applications of 50 evidence items each, evaluated against
// the KubeSphere catalogue (from the seed's definition, no database), against a trivial floor in the same run.
import { performance } from 'node:perf_hooks'
import { endOfDay } from '../src/lib/dates.ts'
import { kubesphereProgram } from '../src/db/seed/kubesphere.ts'
import { seededRandom } from '../src/db/seed/generate.ts'
import { evaluateEligibility } from '../src/features/eligibility/evaluate.ts'
import type { ApplicantStatements, EligibilityInput, EvidenceItem, EvidenceType, RequirementRule } from '../src/features/eligibility/types.ts'
import { log, type BenchContext } from './harness.ts'

const APPLICATIONS = 100_000
const EVIDENCE_PER_APPLICATION = 50
const PASSES = 3
const TARGET = { applications_per_s: 10_000 }

/** The catalogue, the "at least" rule and the 2023 deadline, as the seed defines them. */
export function kubesphereRules(): Omit<EligibilityInput, 'evidence' | 'statements'> {
  const program = kubesphereProgram
  const cohort = program.cohorts!.find((c) => c.slug === '2023')!
  const applications = cohort.phases!.find((p) => p.kind === 'applications')!
  const timeZone = cohort.timeZone ?? 'Etc/GMT+12'
  const requirements: RequirementRule[] = program.requirements!.map((r) => ({
    key: r.key,
    title: r.title,
    kind: r.kind,
    mandatory: r.mandatory ?? false,
    threshold: r.threshold ?? null,
    windowMonths: r.windowMonths ?? null,
    settings: r.settings ?? {},
  }))
  return { requirements, atLeast: program.requirementsAtLeast ?? null, deadline: endOfDay(applications.until ?? applications.from, timeZone), timeZone }
}

// Weighted evidence types, roughly what applicants enter.
const TYPES: [EvidenceType, number][] = [
  ['blog_post', 20],
  ['social_post', 15],
  ['video', 8],
  ['talk', 5],
  ['user_case', 3],
  ['code_contribution', 25],
  ['event_organized', 3],
  ['event_presented', 5],
  ['project_role', 8],
  ['other', 8],
]
const PROJECTS = ['Kubernetes', 'KubeEdge', 'OpenELB', 'Fluent Bit', 'Jaeger', 'Envoy', 'Prometheus', 'OpenFunction']

/** Deterministic applications (mulberry32, seed 2023): dates over 2021-06 … 2023-12, some undated or unreadable, some duplicate links. */
export function generateApplications(count: number, perApplication: number, seed = 2023): { evidence: EvidenceItem[]; statements: ApplicantStatements }[] {
  const rand = seededRandom(seed)
  const typeTable: EvidenceType[] = TYPES.flatMap(([t, w]) => Array<EvidenceType>(w).fill(t))
  const days: string[] = []
  for (let t = Date.UTC(2021, 5, 1); t <= Date.UTC(2023, 11, 31); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10))
  const urls = Array.from({ length: 20_000 }, (_, i) => `https://blog${i % 97}.example.org/posts/${i}/`)
  const ids = Array.from({ length: perApplication }, (_, i) => `e${i}`)
  const titles = Array.from({ length: 64 }, (_, i) => `Evidence title ${i}`)
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!
  const apps: { evidence: EvidenceItem[]; statements: ApplicantStatements }[] = new Array(count)
  for (let a = 0; a < count; a++) {
    const evidence: EvidenceItem[] = new Array(perApplication)
    for (let i = 0; i < perApplication; i++) {
      const type = pick(typeTable)
      const r = rand()
      const occurredOn = r < 0.08 ? null : r < 0.1 ? (r < 0.09 ? '2023-02-30' : 'last spring') : pick(days)
      const imported = type === 'code_contribution' && rand() < 0.5
      evidence[i] = {
        id: ids[i]!,
        type,
        title: type === 'project_role' ? pick(PROJECTS) : pick(titles),
        url: type === 'project_role' ? (rand() < 0.5 ? `https://github.com/${pick(PROJECTS).toLowerCase()}` : null) : rand() < 0.85 ? pick(urls) : null,
        occurredOn,
        count: imported ? 1 + Math.floor(rand() * 30) : 1,
        source: imported ? 'import' : 'self',
      }
    }
    const freeForm: Record<string, string> = {}
    if (rand() < 0.5) freeForm['cloud-native-knowledge'] = 'I run KubeSphere on three clusters at work.'
    if (rand() < 0.5) freeForm['future-knowledge'] = 'Edge computing and observability.'
    apps[a] = {
      evidence,
      statements: {
        attestedMinimumAge: rand() < 0.9 ? 18 : null,
        affirmed: rand() < 0.85 ? ['be-kind', 'promote-brand'] : ['be-kind'],
        freeForm,
      },
    }
  }
  return apps
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** Applications per second of evaluateEligibility, and of a loop that only sums the same evidence counts. */
export async function run(ctx: BenchContext): Promise<void> {
  const rules = kubesphereRules()
  log(`eligibility: generating ${APPLICATIONS} applications × ${EVIDENCE_PER_APPLICATION} evidence items`)
  const apps = generateApplications(APPLICATIONS, EVIDENCE_PER_APPLICATION)

  const outcomes = { eligible: 0, needs_review: 0, not_eligible: 0 }
  const engine = (from: number, to: number, tallyOutcomes: boolean): void => {
    for (let a = from; a < to; a++) {
      const app = apps[a]!
      const v = evaluateEligibility({ ...rules, evidence: app.evidence, statements: app.statements })
      if (tallyOutcomes) outcomes[v.overall]++
    }
  }
  let floorSum = 0
  const floor = (from: number, to: number): void => {
    let sum = 0
    for (let a = from; a < to; a++) {
      const evidence = apps[a]!.evidence
      for (let i = 0; i < evidence.length; i++) sum += evidence[i]!.count
    }
    floorSum = sum
  }

  // Warm-up: the JIT sees both loops for ctx.warmupSeconds before anything is timed.
  log(`eligibility: ${ctx.warmupSeconds} s warm-up, then ${PASSES} timed passes of each`)
  const warmEnd = performance.now() + ctx.warmupSeconds * 1000
  for (let a = 0; performance.now() < warmEnd; a = (a + 1000) % APPLICATIONS) {
    engine(a, a + 1000, false)
    floor(a, a + 1000)
  }

  const engineSeconds: number[] = []
  const floorSeconds: number[] = []
  for (let p = 0; p < PASSES; p++) {
    let t = performance.now()
    engine(0, APPLICATIONS, p === 0)
    engineSeconds.push((performance.now() - t) / 1000)
    t = performance.now()
    floor(0, APPLICATIONS)
    floorSeconds.push((performance.now() - t) / 1000)
  }

  const seconds = median(engineSeconds)
  const floorMedian = median(floorSeconds)
  const perS = Math.round(APPLICATIONS / seconds)
  const floorPerS = Math.round(APPLICATIONS / floorMedian)
  ctx.emit({
    bench: 'eligibility',
    applications: APPLICATIONS,
    evidence_per_application: EVIDENCE_PER_APPLICATION,
    requirements: rules.requirements.length,
    seconds: Math.round(seconds * 1000) / 1000,
    applications_per_s: perS,
    passes_seconds: engineSeconds.map((s) => Math.round(s * 1000) / 1000),
    floor: { seconds: Math.round(floorMedian * 10000) / 10000, applications_per_s: floorPerS, evidence_count_sum: floorSum },
    ratio_per_s: Math.round((perS / floorPerS) * 10000) / 10000,
    outcomes,
    target: TARGET,
    met: perS >= TARGET.applications_per_s,
  })
}
