import { t, formatDayIn, type Locale } from '../../../ui/i18n.ts'
import { countryName } from '../../../lib/countries.ts'
import { evidenceTypeLabel } from '../forms.ts'
import { evidenceTitle } from './evidence-title.ts'
import type { Application, Evidence } from '../queries.ts'

/** The program's questions and requirements, to name answers and statements as the form asked them. */
export interface AskedAs {
  questions: { key: string; prompt: string }[]
  requirements: { key: string; title: string }[]
}

/**
 * What an application says, as its form asked it: the applicant's details and links, each answer under its
 * question's wording, the statements affirmed, free-form texts, the exception reason and the evidence. The
 * applicant's receipt and the program team's page of the application both show it.
 */
export function ApplicationContents(props: AskedAs & { locale: Locale; application: Application; evidence: Evidence[]; displayName: string }) {
  const { locale } = props
  const a = props.application
  const links = (
    [
      ['apply.github', a.links.github],
      ['apply.blog', a.links.blog],
      ['apply.social', a.links.social],
    ] as const
  ).filter((l): l is readonly ['apply.github' | 'apply.blog' | 'apply.social', string] => Boolean(l[1]))
  // Answers in the form's order under the form's wording; an answer to a question since removed keeps its key.
  const asked = new Map(props.questions.map((q) => [q.key, q.prompt]))
  const answers: [string, string][] = [
    ...props.questions.filter((q) => a.answers[q.key]).map((q): [string, string] => [q.prompt, a.answers[q.key]!]),
    ...Object.entries(a.answers).filter(([key, answer]) => !asked.has(key) && answer),
  ]
  const titles = new Map(props.requirements.map((r) => [r.key, r.title]))
  const stated = [
    ...(a.attestedMinimumAge !== null ? [t(locale, 'apply.attestAge', { age: String(a.attestedMinimumAge) })] : []),
    ...a.affirmed.map((key) => t(locale, 'apply.affirm', { title: titles.get(key) ?? key })),
  ]
  const freeForm = Object.entries(a.freeForm)
    .filter(([, text]) => text)
    .map(([key, text]): [string, string] => [titles.get(key) ?? key, text])
  return (
    <>
      <h2>{t(locale, 'receipt.details')}</h2>
      <dl>
        <dt>{t(locale, 'receipt.name')}</dt>
        <dd>{props.displayName}</dd>
        {a.country ? (
          <>
            <dt>{t(locale, 'apply.country')}</dt>
            <dd>{countryName(a.country, locale)}</dd>
          </>
        ) : null}
        {a.region ? (
          <>
            <dt>{t(locale, 'apply.region')}</dt>
            <dd>{a.region}</dd>
          </>
        ) : null}
        {links.map(([label, url]) => (
          <>
            <dt>{t(locale, label)}</dt>
            <dd>
              <a href={url} rel="noopener nofollow">
                {url}
              </a>
            </dd>
          </>
        ))}
      </dl>
      <h2>{t(locale, 'receipt.answers')}</h2>
      {answers.length ? (
        <dl>
          {answers.map(([prompt, answer]) => (
            <>
              <dt>{prompt}</dt>
              <dd class="prose">{answer}</dd>
            </>
          ))}
        </dl>
      ) : (
        <p>{t(locale, 'receipt.noAnswers')}</p>
      )}
      {stated.length || freeForm.length || a.exceptionReason ? (
        <>
          <h2>{t(locale, 'apply.statedRequirements')}</h2>
          {stated.length ? (
            <ul>
              {stated.map((line) => (
                <li>{line}</li>
              ))}
            </ul>
          ) : null}
          {freeForm.length || a.exceptionReason ? (
            <dl>
              {freeForm.map(([title, text]) => (
                <>
                  <dt>{title}</dt>
                  <dd class="prose">{text}</dd>
                </>
              ))}
              {a.exceptionReason ? (
                <>
                  <dt>{t(locale, 'receipt.exceptionReason')}</dt>
                  <dd class="prose">{a.exceptionReason}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </>
      ) : null}
      <h2>{t(locale, 'receipt.evidence')}</h2>
      {props.evidence.length ? (
        <ul>
          {props.evidence.map((e) => (
            <li>
              {evidenceTypeLabel(locale, e.type)}: {e.url ? <a href={e.url} rel="noopener nofollow">{evidenceTitle(locale, e)}</a> : evidenceTitle(locale, e)}
              {/* A counted item's title already gives its count and window. */}
              {e.occurredOn && !e.counted ? ` (${formatDayIn(locale, e.occurredOn)})` : ''}
              {e.count > 1 && !e.counted ? ` ×${e.count}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t(locale, 'receipt.noEvidence')}</p>
      )}
    </>
  )
}
