import { t, type Locale } from '../../../ui/i18n.ts'
import type { EligibilityVerdict } from '../../eligibility/types.ts'

/** The label of a requirement's status in `locale` (apply.js receives the same labels through data- attributes). */
export function statusLabel(locale: Locale, status: EligibilityVerdict['requirements'][number]['status']): string {
  return t(locale, `eligibility.${status}`)
}

/**
 * The eligibility verdict: one sentence, then each requirement with its count and reason. Updated live by
 * apply.js. The status labels follow `locale`.
 */
export function EligibilitySummary(props: { verdict: EligibilityVerdict; locale: Locale }) {
  return (
    <section class="card" aria-labelledby="eligibility-heading" id="eligibility" aria-live="polite">
      <h2 id="eligibility-heading">{t(props.locale, 'eligibility.heading')}</h2>
      <p id="eligibility-summary">
        <strong>{props.verdict.summary}</strong>
      </p>
      <ul id="eligibility-list">
        {props.verdict.requirements.map((r) => (
          <li class={`verdict-${r.status}`}>
            <strong>{statusLabel(props.locale, r.status)}</strong>: {r.title}
            <div class="muted">{r.reason}</div>
          </li>
        ))}
      </ul>
    </section>
  )
}
