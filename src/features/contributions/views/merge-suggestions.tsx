import { CsrfField, Layout } from '../../../ui/layout.tsx'
import type { SuggestedIdentity, SuggestionDetail } from '../decide-merges.ts'
import { Notice } from '../../../ui/form-field.tsx'

/** The problem id of the unlink form (its key is kept in `handle`). */
export const UNLINK = 'unlink'

export interface MergeSuggestionsProps {
  csrf: string
  open: { total: number; suggestions: SuggestionDetail[] }
  decided: SuggestionDetail[]
  /** What the last action did, or why it was refused (with the suggestion it was about). */
  notice?: string
  problem?: { id: string; message: string; handle: string }
}

const when = (d: Date) => `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC`

function Identity(props: { i: SuggestedIdentity }) {
  const { i } = props
  return (
    <div class="identity">
      <p>
        <code>{i.key}</code>
      </p>
      <dl>
        {i.name ? (
          <>
            <dt>Name</dt>
            <dd>{i.name}</dd>
          </>
        ) : null}
        {i.email ? (
          <>
            <dt>Email</dt>
            <dd>{i.email}</dd>
          </>
        ) : null}
        {i.login ? (
          <>
            <dt>GitHub login</dt>
            <dd>{i.login}</dd>
          </>
        ) : null}
        <dt>Contributions</dt>
        <dd>
          {i.contributions.toLocaleString('en')}, the latest on <time datetime={i.lastSeenAt.toISOString()}>{i.lastSeenAt.toISOString().slice(0, 10)}</time>
        </dd>
        <dt>Person</dt>
        <dd>{i.person ? <a href={`/people/${encodeURIComponent(i.person.handle)}`}>{`${i.person.displayName} (@${i.person.handle})`}</a> : 'not linked to anyone'}</dd>
      </dl>
    </div>
  )
}

/** Suggested merges of contributor identities, for a deployment admin to confirm or reject. */
export function MergeSuggestionsPage(props: MergeSuggestionsProps) {
  const { open, decided } = props
  const unlinkProblem = props.problem?.id === UNLINK ? props.problem : undefined
  return (
    <Layout meta={{ title: 'Contributor identities · Embassy' }}>
      <h1>Contributor identities</h1>
      <p class="muted">
        Imports file each contribution under the identity its source recorded: a GitHub account, an email, a login or a name. Embassy suggests
        identities that are probably one person (the same name with different emails; a login next to the GitHub account that has it), never
        for generic names such as "root", and never merges them on its own. Confirming links both to a person, so that their contributions
        count for that person; rejecting keeps them apart (a rejection can be reopened below).
      </p>
      <Notice text={props.notice} />
      {props.problem && props.problem.id !== UNLINK && !open.suggestions.some((s) => s.id === props.problem!.id) ? (
        <p class="field-error" role="alert">
          {props.problem.message}
        </p>
      ) : null}
      <form method="post" action="/admin/identities/suggest">
        <CsrfField token={props.csrf} />
        <button type="submit">Look for new suggestions</button>
      </form>

      <h2>Open suggestions ({open.total.toLocaleString('en')})</h2>
      {open.total === 0 ? <p>No open suggestion.</p> : null}
      {open.total > open.suggestions.length ? <p class="muted">The first {open.suggestions.length} are shown; decide them to see the next.</p> : null}
      {open.suggestions.map((s) => {
        const problem = props.problem?.id === s.id ? props.problem : undefined
        const linked = s.a.person ?? s.b.person
        const field = `person-${s.id}`
        return (
          <section class="suggestion" aria-labelledby={`s-${s.id}`}>
            <h3 id={`s-${s.id}`}>{s.reason}</h3>
            <div class="pair">
              <Identity i={s.a} />
              <Identity i={s.b} />
            </div>
            <div class="actions">
              <form class="form" method="post" action={`/admin/identities/suggestions/${s.id}/confirm`}>
                <CsrfField token={props.csrf} />
                <div class="field">
                  <label for={field}>Handle of the person both belong to</label>
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
                <button type="submit">Confirm: same person</button>
              </form>
              <form method="post" action={`/admin/identities/suggestions/${s.id}/reject`}>
                <CsrfField token={props.csrf} />
                <button type="submit" class="secondary">
                  Reject: different people
                </button>
              </form>
            </div>
          </section>
        )
      })}

      <h2>Decided lately</h2>
      {decided.length === 0 ? <p>Nothing decided yet.</p> : null}
      {decided.length ? (
        <table>
          <caption class="visually-hidden">Decided suggestions, latest first</caption>
          <thead>
            <tr>
              <th scope="col">Identities</th>
              <th scope="col">Decision</th>
              <th scope="col">By</th>
              <th scope="col">When</th>
              <th scope="col">
                <span class="visually-hidden">Undo</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {decided.map((s) => (
              <tr>
                <td>
                  <code>{s.a.key}</code> ~ <code>{s.b.key}</code>
                </td>
                <td>{s.status === 'confirmed' ? `same person${s.a.person ? `: ${s.a.person.displayName}` : ''}` : 'different people'}</td>
                <td>{s.decidedBy ?? ''}</td>
                <td>{s.decidedAt ? <time datetime={s.decidedAt.toISOString()}>{when(s.decidedAt)}</time> : null}</td>
                <td>
                  {s.status === 'rejected' ? (
                    <form method="post" action={`/admin/identities/suggestions/${s.id}/reopen`}>
                      <CsrfField token={props.csrf} />
                      <button type="submit" class="secondary" aria-label={`Reopen the suggestion of ${s.a.key} and ${s.b.key}`}>
                        Reopen
                      </button>
                    </form>
                  ) : (
                    [s.a, s.b]
                      .filter((i) => i.person)
                      .map((i) => (
                        <form method="post" action="/admin/identities/unlink">
                          <CsrfField token={props.csrf} />
                          <input type="hidden" name="key" value={i.key} />
                          <button type="submit" class="secondary" aria-label={`Unlink ${i.key} from ${i.person!.displayName}`}>
                            Unlink {i.key}
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

      <h2 id="unlink-heading">Unlink an identity</h2>
      <p class="muted">Its contributions then count for nobody until it is linked again (by a confirmed merge, or by its owner proving it).</p>
      <form class="form" method="post" action="/admin/identities/unlink" aria-labelledby="unlink-heading">
        <CsrfField token={props.csrf} />
        <div class="field">
          <label for="unlink-key">Identity key (such as github:12345 or email:ana@example.org)</label>
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
        <button type="submit">Unlink</button>
      </form>
    </Layout>
  )
}
