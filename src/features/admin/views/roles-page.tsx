import { Layout } from '../../../ui/layout.tsx'
import { Notice } from '../../../ui/form-field.tsx'
import { formatInstantIn, t, type Locale } from '../../../ui/i18n.ts'
import type { TeamGrant } from '../../accounts/role-team.ts'

/** What the grant form holds (kept as typed when it is refused). */
export interface GrantFormValues {
  email: string
  role: string
  community: string
}

/** The grant form's messages, by field, plus `form` for a refusal of the whole request (the last admin). */
export type GrantFormErrors = Partial<Record<keyof GrantFormValues | 'form', string>>

/** What both roles pages show besides their lists. */
interface CommonProps {
  locale: Locale
  csrf: string
  values: GrantFormValues
  errors: GrantFormErrors
  notice?: string
}

function grantedBy(locale: Locale, by: string | null) {
  return by === null ? t(locale, 'roles.grantedBy.unknown') : by === 'cli' ? t(locale, 'roles.grantedBy.cli') : by
}

function fieldAria(errors: GrantFormErrors, name: keyof GrantFormValues) {
  return errors[name] ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-error` } : {}
}

function FieldError(p: { errors: GrantFormErrors; name: keyof GrantFormValues }) {
  return p.errors[p.name] ? (
    <p class="field-error" id={`${p.name}-error`}>
      {p.errors[p.name]}
    </p>
  ) : null
}

/** A table of grants, each with its revoke button posting the grant's id to `revokeAction`. */
function GrantTable(p: { locale: Locale; csrf: string; caption: string; grants: TeamGrant[]; revokeAction: string }) {
  const { locale } = p
  if (!p.grants.length) return <p>{t(locale, 'roles.none')}</p>
  return (
    <table>
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t(locale, 'roles.col.name')}</th>
          <th scope="col">{t(locale, 'roles.col.email')}</th>
          <th scope="col">{t(locale, 'roles.col.since')}</th>
          <th scope="col">{t(locale, 'roles.col.grantedBy')}</th>
          <th scope="col">{t(locale, 'roles.col.action')}</th>
        </tr>
      </thead>
      <tbody>
        {p.grants.map((g) => (
          <tr>
            <td>{g.name}</td>
            <td>{g.email ?? ''}</td>
            <td>{formatInstantIn(locale, g.grantedAt.toISOString())}</td>
            <td>{grantedBy(locale, g.grantedBy)}</td>
            <td>
              <form method="post" action={p.revokeAction}>
                <input type="hidden" name="_csrf" value={p.csrf} />
                <input type="hidden" name="grant" value={g.grantId} />
                <button type="submit" aria-label={t(locale, 'roles.revokeLabel', { name: g.name })}>
                  {t(locale, 'roles.revoke')}
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function FormAlert(p: { errors: GrantFormErrors }) {
  return p.errors.form ? (
    <div class="error-box" role="alert">
      <p>{p.errors.form}</p>
    </div>
  ) : null
}

function EmailField(p: { locale: Locale; values: GrantFormValues; errors: GrantFormErrors }) {
  return (
    <div class="field">
      <label for="email">{t(p.locale, 'roles.grant.email')}</label>
      <input id="email" name="email" type="text" inputmode="email" autocomplete="off" value={p.values.email} required {...fieldAria(p.errors, 'email')} />
      <FieldError errors={p.errors} name="email" />
    </div>
  )
}

/** `/admin/roles`: the site's admins, each community's program managers, and the form that gives either role. */
export function RolesPage(p: CommonProps & { admins: TeamGrant[]; communities: { id: string; slug: string; name: string; managers: TeamGrant[] }[] }) {
  const { locale } = p
  return (
    <Layout meta={{ title: `${t(locale, 'roles.title')} · Embassy`, locale, languageSwitch: true }}>
      <h1>{t(locale, 'roles.title')}</h1>
      <p>{t(locale, 'roles.intro')}</p>
      <Notice text={p.notice} />
      <FormAlert errors={p.errors} />
      <h2>{t(locale, 'roles.admins')}</h2>
      <GrantTable locale={locale} csrf={p.csrf} caption={t(locale, 'roles.admins')} grants={p.admins} revokeAction="/admin/roles/revoke" />
      {p.communities.map((c) => (
        <>
          <h2>{t(locale, 'roles.managersOf', { community: c.name })}</h2>
          <GrantTable locale={locale} csrf={p.csrf} caption={t(locale, 'roles.managersOf', { community: c.name })} grants={c.managers} revokeAction="/admin/roles/revoke" />
        </>
      ))}
      <h2 id="grant">{t(locale, 'roles.grant.title')}</h2>
      <form method="post" action="/admin/roles" class="form" aria-labelledby="grant">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <EmailField locale={locale} values={p.values} errors={p.errors} />
        <div class="field">
          <label for="role">{t(locale, 'roles.grant.role')}</label>
          <select id="role" name="role" {...fieldAria(p.errors, 'role')}>
            {(['program_manager', 'admin'] as const).map((r) => (
              <option value={r} selected={p.values.role === r}>
                {t(locale, `roles.role.${r}`)}
              </option>
            ))}
          </select>
          <FieldError errors={p.errors} name="role" />
        </div>
        <div class="field">
          <label for="community">{t(locale, 'roles.grant.community')}</label>
          <select id="community" name="community" {...fieldAria(p.errors, 'community')}>
            <option value="">{t(locale, 'roles.grant.noCommunity')}</option>
            {p.communities.map((c) => (
              <option value={c.slug} selected={p.values.community === c.slug}>
                {c.name}
              </option>
            ))}
          </select>
          <FieldError errors={p.errors} name="community" />
        </div>
        <button type="submit">{t(locale, 'roles.grant.submit')}</button>
      </form>
    </Layout>
  )
}

/** `/admin/c/:community/managers`: the community's program managers, who add and remove co-managers here. */
export function TeamPage(p: CommonProps & { community: { slug: string; name: string }; managers: TeamGrant[] }) {
  const { locale } = p
  const base = `/admin/c/${p.community.slug}/managers`
  const title = t(locale, 'roles.team.title', { community: p.community.name })
  return (
    <Layout meta={{ title: `${title} · Embassy`, locale, languageSwitch: true }}>
      <h1>{title}</h1>
      <p>{t(locale, 'roles.team.intro', { community: p.community.name })}</p>
      <Notice text={p.notice} />
      <FormAlert errors={p.errors} />
      <GrantTable locale={locale} csrf={p.csrf} caption={t(locale, 'roles.managersOf', { community: p.community.name })} grants={p.managers} revokeAction={`${base}/revoke`} />
      <h2 id="add">{t(locale, 'roles.team.add')}</h2>
      <form method="post" action={base} class="form" aria-labelledby="add">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <EmailField locale={locale} values={p.values} errors={p.errors} />
        <button type="submit">{t(locale, 'roles.team.submit')}</button>
      </form>
    </Layout>
  )
}
