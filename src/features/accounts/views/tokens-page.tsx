import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { formatInstantIn, t, type Locale } from '../../../ui/i18n.ts'
import { Notice } from '../../../ui/form-field.tsx'
import type { TokenListing } from '../../api/tokens.ts'
import { MAX_TOKEN_DAYS } from '../../api/tokens.ts'
import type { TokenFormValues } from '../token-form.ts'

/** A token just made: its value, shown on this one page and never again. */
export interface CreatedTokenView {
  name: string
  token: string
}

/**
 * The signed-in person's personal access tokens for the JSON API: the list (name, scope, dates, state) with a
 * revoke button per active token, and the form that makes a new one.
 */
export function TokensPage(props: {
  locale: Locale
  csrf: string
  now: Date
  tokens: TokenListing[]
  form: TokenFormValues
  errors?: Record<string, string>
  /** A refusal of the whole form (too many active tokens). */
  error?: string | undefined
  created?: CreatedTokenView | undefined
  notice?: string | undefined
}) {
  const { locale } = props
  const when = (d: Date | null, none: string) => (d ? formatInstantIn(locale, d.toISOString()) : none)
  const errors = props.errors ?? {}
  const aria = (field: string) => (errors[field] ? { 'aria-invalid': 'true', 'aria-describedby': `token-${field}-error` } : {})
  const fieldError = (field: string) =>
    errors[field] ? (
      <p class="field-error" id={`token-${field}-error`}>
        {errors[field]}
      </p>
    ) : null
  const state = (token: TokenListing) =>
    token.revokedAt
      ? t(locale, 'tokens.state.revoked', { when: when(token.revokedAt, '') })
      : token.expiresAt && token.expiresAt.getTime() <= props.now.getTime()
        ? t(locale, 'tokens.state.expired')
        : t(locale, 'tokens.state.active')
  return (
    <Layout meta={{ title: `${t(locale, 'tokens.title')} · Embassy`, locale, languageSwitch: true }}>
      <p>
        <a href="/account">← {t(locale, 'account.title')}</a>
      </p>
      <h1>{t(locale, 'tokens.title')}</h1>
      <p>{t(locale, 'tokens.intro')}</p>
      <Notice text={props.notice} />
      {props.created ? (
        <section class="card" aria-labelledby="new-token-heading">
          <h2 id="new-token-heading">{t(locale, 'tokens.created.title', { name: props.created.name })}</h2>
          <p class="notice" role="status">
            {t(locale, 'tokens.created.copyNow')}
          </p>
          <p>
            <label for="new-token">{t(locale, 'tokens.created.label')}</label>
            <br />
            <input id="new-token" type="text" readonly size={60} value={props.created.token} autocomplete="off" spellcheck={false} />
          </p>
        </section>
      ) : null}
      <section class="card">
        <h2>{t(locale, 'tokens.list')}</h2>
        {props.tokens.length ? (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(locale, 'tokens.col.name')}</th>
                  <th scope="col">{t(locale, 'tokens.col.scope')}</th>
                  <th scope="col">{t(locale, 'tokens.col.created')}</th>
                  <th scope="col">{t(locale, 'tokens.col.lastUsed')}</th>
                  <th scope="col">{t(locale, 'tokens.col.expires')}</th>
                  <th scope="col">{t(locale, 'tokens.col.state')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t(locale, 'tokens.revoke')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.tokens.map((token) => {
                  const active = !token.revokedAt && (!token.expiresAt || token.expiresAt.getTime() > props.now.getTime())
                  return (
                    <tr>
                      <td>{token.name}</td>
                      <td>{t(locale, token.scope === 'read' ? 'tokens.scope.read' : 'tokens.scope.write')}</td>
                      <td>{when(token.createdAt, '')}</td>
                      <td>{when(token.lastUsedAt, t(locale, 'tokens.never'))}</td>
                      <td>{when(token.expiresAt, t(locale, 'tokens.never'))}</td>
                      <td>{state(token)}</td>
                      <td>
                        {active ? (
                          <form class="inline-form" method="post" action={`/account/tokens/${token.id}/revoke`}>
                            <CsrfField token={props.csrf} />
                            <button type="submit" class="danger" aria-label={t(locale, 'tokens.revokeNamed', { name: token.name })}>
                              {t(locale, 'tokens.revoke')}
                            </button>
                          </form>
                        ) : null}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t(locale, 'tokens.none')}</p>
        )}
      </section>
      <section class="card">
        <h2>{t(locale, 'tokens.new')}</h2>
        {props.error ? (
          <p class="field-error" role="alert">
            {props.error}
          </p>
        ) : null}
        <form class="form" method="post" action="/account/tokens">
          <CsrfField token={props.csrf} />
          <div class="field">
            <label for="token-name">{t(locale, 'tokens.field.name')}</label>
            <input id="token-name" name="name" type="text" required maxlength={100} value={props.form.name} {...aria('name')} />
            {fieldError('name')}
          </div>
          <div class="field">
            <label for="token-days">{t(locale, 'tokens.field.days', { max: MAX_TOKEN_DAYS })}</label>
            <input id="token-days" name="days" type="number" required min={1} max={MAX_TOKEN_DAYS} step={1} value={props.form.days} {...aria('days')} />
            {fieldError('days')}
          </div>
          <fieldset {...aria('scope')}>
            <legend>{t(locale, 'tokens.field.scope')}</legend>
            <label>
              <input type="radio" name="scope" value="read" checked={props.form.scope !== 'write'} /> {t(locale, 'tokens.scope.read')} — {t(locale, 'tokens.scope.readHelp')}
            </label>
            <br />
            <label>
              <input type="radio" name="scope" value="write" checked={props.form.scope === 'write'} /> {t(locale, 'tokens.scope.write')} — {t(locale, 'tokens.scope.writeHelp')}
            </label>
            {fieldError('scope')}
          </fieldset>
          <button type="submit">{t(locale, 'tokens.create')}</button>
        </form>
      </section>
    </Layout>
  )
}
