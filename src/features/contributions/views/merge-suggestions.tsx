import { CsrfField, Layout } from '../../../ui/layout.tsx'
import type { SuggestedIdentity, SuggestionDetail } from '../decide-merges.ts'
import { Notice } from '../../../ui/form-field.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import { dayStampIn, stampIn, tParts } from '../../../ui/i18n-parts.tsx'

/** The problem id of the unlink form (its key is kept in `handle`). */
export const UNLINK = 'unlink'

export interface MergeSuggestionsProps {
  locale: Locale
  csrf: string
  open: { total: number; suggestions: SuggestionDetail[] }
  decided: SuggestionDetail[]
  /** What the last action did, or why it was refused (with the suggestion it was about). */
  notice?: string
  problem?: { id: string; message: string; handle: string }
}

/** Why a pair was suggested, in the page's language (suggest-merges.ts stores the English sentence). */
function reasonIn(l: Locale, reason: string): string {
  const sameName = /^same name "([\s\S]*)"$/.exec(reason)
  if (sameName) return t(l, 'identities.reason.sameName', { name: sameName[1]! })
  const login = /^GitHub user (\S+) has the login ([\s\S]+)$/.exec(reason)
  if (login) return t(l, 'identities.reason.githubLogin', { user: login[1]!, login: login[2]! })
  return reason
}

function Identity(props: { l: Locale; i: SuggestedIdentity }) {
  const { i, l } = props
  return (
    <div class="identity">
      <p>
        <code>{i.key}</code>
      </p>
      <dl>
        {i.name ? (
          <>
            <dt>{t(l, 'identities.name')}</dt>
            <dd>{i.name}</dd>
          </>
        ) : null}
        {i.email ? (
          <>
            <dt>{t(l, 'identities.email')}</dt>
            <dd>{i.email}</dd>
          </>
        ) : null}
        {i.login ? (
          <>
            <dt>{t(l, 'identities.login')}</dt>
            <dd>{i.login}</dd>
          </>
        ) : null}
        <dt>{t(l, 'identities.contributions')}</dt>
        <dd>{tParts(l, 'identities.contributionCount', { date: <time datetime={i.lastSeenAt.toISOString()}>{dayStampIn(l, i.lastSeenAt)}</time> }, { count: i.contributions.toLocaleString(l) })}</dd>
        <dt>{t(l, 'identities.person')}</dt>
        <dd>{i.person ? <a href={`/people/${encodeURIComponent(i.person.handle)}`}>{`${i.person.displayName} (@${i.person.handle})`}</a> : t(l, 'identities.unlinked')}</dd>
      </dl>
    </div>
  )
}

/** Suggested merges of contributor identities, for a deployment admin to confirm or reject. */
export function MergeSuggestionsPage(props: MergeSuggestionsProps) {
  const { open, decided } = props
  const l = props.locale
  const unlinkProblem = props.problem?.id === UNLINK ? props.problem : undefined
  return (
    <Layout meta={{ title: t(l, 'identities.title'), locale: l, languageSwitch: true }}>
      <h1>{t(l, 'account.admin.identities')}</h1>
      <p class="muted">{t(l, 'identities.intro')}</p>
      <Notice text={props.notice} />
      {props.problem && props.problem.id !== UNLINK && !open.suggestions.some((s) => s.id === props.problem!.id) ? (
        <p class="field-error" role="alert">
          {props.problem.message}
        </p>
      ) : null}
      <form method="post" action="/admin/identities/suggest">
        <CsrfField token={props.csrf} />
        <button type="submit">{t(l, 'identities.suggest')}</button>
      </form>

      <h2>{t(l, 'identities.open', { count: open.total.toLocaleString(l) })}</h2>
      {open.total === 0 ? <p>{t(l, 'identities.noneOpen')}</p> : null}
      {open.total > open.suggestions.length ? <p class="muted">{t(l, 'identities.firstShown', { count: open.suggestions.length })}</p> : null}
      {open.suggestions.map((s) => {
        const problem = props.problem?.id === s.id ? props.problem : undefined
        const linked = s.a.person ?? s.b.person
        const field = `person-${s.id}`
        return (
          <section class="suggestion" aria-labelledby={`s-${s.id}`}>
            <h3 id={`s-${s.id}`}>{reasonIn(l, s.reason)}</h3>
            <div class="pair">
              <Identity l={l} i={s.a} />
              <Identity l={l} i={s.b} />
            </div>
            <div class="actions">
              <form class="form" method="post" action={`/admin/identities/suggestions/${s.id}/confirm`}>
                <CsrfField token={props.csrf} />
                <div class="field">
                  <label for={field}>{t(l, 'identities.personLabel')}</label>
                  <input
                    id={field}
                    name="person"
                    type="text"
                    required
                    value={problem?.handle ?? linked?.handle ?? ''}
                    {...(problem ? { 'aria-invalid': 'true', 'aria-describedby': `${field}-error` } : {})}
                  />
                  {problem ? (
                    <p class="field-error" id={`${field}-error`}>
                      {problem.message}
                    </p>
                  ) : null}
                </div>
                <button type="submit">{t(l, 'identities.confirm')}</button>
              </form>
              <form method="post" action={`/admin/identities/suggestions/${s.id}/reject`}>
                <CsrfField token={props.csrf} />
                <button type="submit" class="secondary">
                  {t(l, 'identities.reject')}
                </button>
              </form>
            </div>
          </section>
        )
      })}

      <h2>{t(l, 'identities.decided')}</h2>
      {decided.length === 0 ? <p>{t(l, 'identities.noneDecided')}</p> : null}
      {decided.length ? (
        <table>
          <caption class="visually-hidden">{t(l, 'identities.decidedCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(l, 'identities.col.identities')}</th>
              <th scope="col">{t(l, 'identities.col.decision')}</th>
              <th scope="col">{t(l, 'identities.col.by')}</th>
              <th scope="col">{t(l, 'identities.col.when')}</th>
              <th scope="col">
                <span class="visually-hidden">{t(l, 'identities.col.undo')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {decided.map((s) => (
              <tr>
                <td>
                  <code>{s.a.key}</code> ~ <code>{s.b.key}</code>
                </td>
                <td>{s.status === 'confirmed' ? (s.a.person ? t(l, 'identities.samePersonNamed', { name: s.a.person.displayName }) : t(l, 'identities.samePerson')) : t(l, 'identities.differentPeople')}</td>
                <td>{s.decidedBy ?? ''}</td>
                <td>{s.decidedAt ? <time datetime={s.decidedAt.toISOString()}>{stampIn(l, s.decidedAt)}</time> : null}</td>
                <td>
                  {s.status === 'rejected' ? (
                    <form method="post" action={`/admin/identities/suggestions/${s.id}/reopen`}>
                      <CsrfField token={props.csrf} />
                      <button type="submit" class="secondary" aria-label={t(l, 'identities.reopenLabel', { a: s.a.key, b: s.b.key })}>
                        {t(l, 'identities.reopen')}
                      </button>
                    </form>
                  ) : (
                    [s.a, s.b]
                      .filter((i) => i.person)
                      .map((i) => (
                        <form method="post" action="/admin/identities/unlink">
                          <CsrfField token={props.csrf} />
                          <input type="hidden" name="key" value={i.key} />
                          <button type="submit" class="secondary" aria-label={t(l, 'identities.unlinkLabel', { key: i.key, name: i.person!.displayName })}>
                            {t(l, 'identities.unlinkOne', { key: i.key })}
                          </button>
                        </form>
                      ))
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <h2 id="unlink-heading">{t(l, 'identities.unlinkHeading')}</h2>
      <p class="muted">{t(l, 'identities.unlinkHint')}</p>
      <form class="form" method="post" action="/admin/identities/unlink" aria-labelledby="unlink-heading">
        <CsrfField token={props.csrf} />
        <div class="field">
          <label for="unlink-key">{t(l, 'identities.keyLabel')}</label>
          <input
            id="unlink-key"
            name="key"
            type="text"
            required
            value={unlinkProblem?.handle ?? ''}
            {...(unlinkProblem ? { 'aria-invalid': 'true', 'aria-describedby': 'unlink-key-error' } : {})}
          />
          {unlinkProblem ? (
            <p class="field-error" id="unlink-key-error">
              {unlinkProblem.message}
            </p>
          ) : null}
        </div>
        <button type="submit">{t(l, 'identities.unlink')}</button>
      </form>
    </Layout>
  )
}
