import type { EligibilityVerdict } from '../../eligibility/types.ts'

const statusLabel = { met: 'Met', not_met: 'Not met yet', needs_review: 'Reviewers will judge' } as const

/** The eligibility verdict: one sentence, then each requirement with its count and reason. Updated live by apply.js. */
export function EligibilitySummary(props: { verdict: EligibilityVerdict }) {
  return (
    <section class="card" aria-labelledby="eligibility-heading" id="eligibility" aria-live="polite">
      <h2 id="eligibility-heading">Eligibility</h2>
      <p id="eligibility-summary">
        <strong>{props.verdict.summary}</strong>
      </p>
      <ul id="eligibility-list">
        {props.verdict.requirements.map((r) => (
          <li class={`verdict-${r.status}`}>
            <strong>{statusLabel[r.status]}</strong>: {r.title}
            <div class="muted">{r.reason}</div>
          </li>
        ))}
      </ul>
    </section>
  )
}
