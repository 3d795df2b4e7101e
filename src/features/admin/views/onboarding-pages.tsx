import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { t, type Locale, type MessageKey } from '../../../ui/i18n.ts'

/** What was typed, by field name. */
export type OnboardingValues = Record<string, string>
/** Inline messages (already in the page's language), by field name. */
export type OnboardingErrors = Record<string, string>

/** One labelled input or textarea with its hint and inline error, linked for screen readers. */
function Field(props: { locale: Locale; name: string; label: MessageKey; hint?: MessageKey; values: OnboardingValues; errors: OnboardingErrors; required?: boolean; multiline?: boolean; type?: string }) {
  const { name, errors } = props
  const described = [props.hint ? `${name}-hint` : '', errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ')
  const attrs = { id: name, name, required: props.required, ...(errors[name] ? { 'aria-invalid': 'true' } : {}), ...(described ? { 'aria-describedby': described } : {}) }
  return (
    <div class="field">
      <label for={name}>
        {t(props.locale, props.label)}
        {props.required ? ' *' : ''}
      </label>
      {props.hint ? (
        <p class="hint" id={`${name}-hint`}>
          {t(props.locale, props.hint)}
        </p>
      ) : null}
      {props.multiline ? <textarea rows={6} {...attrs}>{props.values[name] ?? ''}</textarea> : <input type={props.type ?? 'text'} value={props.values[name] ?? ''} {...attrs} />}
      {errors[name] ? (
        <p class="field-error" id={`${name}-error`}>
          {errors[name]}
        </p>
      ) : null}
    </div>
  )
}

/** The box above a refused form. */
function Refused(props: { locale: Locale; errors: OnboardingErrors }) {
  return Object.keys(props.errors).length ? (
    <div class="error-box" role="alert">
      {t(props.locale, 'onboarding.refused')}
    </div>
  ) : null
}

/** `/admin/communities/new`: a site admin starts a community (the rest is defined per program). */
export function NewCommunityPage(props: { locale: Locale; csrf: string; values: OnboardingValues; errors: OnboardingErrors }) {
  const l = props.locale
  const common = { locale: l, values: props.values, errors: props.errors }
  return (
    <Layout meta={{ title: `${t(l, 'onboarding.community.title')} · Embassy`, locale: l }}>
      <p>
        <a href="/admin">{t(l, 'onboarding.back')}</a>
      </p>
      <h1>{t(l, 'onboarding.community.title')}</h1>
      <p>{t(l, 'onboarding.community.intro')}</p>
      <Refused locale={l} errors={props.errors} />
      <form method="post" action="/admin/communities/new" novalidate>
        <CsrfField token={props.csrf} />
        <Field {...common} name="name" label="onboarding.field.communityName" required />
        <Field {...common} name="slug" label="onboarding.field.slug" hint="onboarding.hint.communitySlug" required />
        <Field {...common} name="tagline" label="onboarding.field.tagline" />
        <Field {...common} name="descriptionMd" label="onboarding.field.description" hint="onboarding.hint.markdown" multiline />
        <Field {...common} name="websiteUrl" label="onboarding.field.website" type="url" />
        <button type="submit">{t(l, 'onboarding.community.submit')}</button>
      </form>
    </Layout>
  )
}

/** `/admin/c/:community/programs/new`: an admin or one of the community's managers starts a program. */
export function NewProgramPage(props: { locale: Locale; csrf: string; community: { slug: string; name: string }; values: OnboardingValues; errors: OnboardingErrors; created?: boolean }) {
  const l = props.locale
  const common = { locale: l, values: props.values, errors: props.errors }
  return (
    <Layout meta={{ title: `${t(l, 'onboarding.program.title', { community: props.community.name })} · Embassy`, locale: l }}>
      <p>
        <a href="/admin">{t(l, 'onboarding.back')}</a>
      </p>
      <h1>{t(l, 'onboarding.program.title', { community: props.community.name })}</h1>
      {props.created ? (
        <p class="notice" role="status">
          {t(l, 'onboarding.community.created', { community: props.community.name })}
        </p>
      ) : null}
      <p>{t(l, 'onboarding.program.intro')}</p>
      <Refused locale={l} errors={props.errors} />
      <form method="post" action={`/admin/c/${props.community.slug}/programs/new`} novalidate>
        <CsrfField token={props.csrf} />
        <Field {...common} name="name" label="onboarding.field.programName" required />
        <Field {...common} name="slug" label="onboarding.field.slug" hint="onboarding.hint.programSlug" required />
        <Field {...common} name="summary" label="onboarding.field.summary" hint="onboarding.hint.summary" />
        <Field {...common} name="descriptionMd" label="onboarding.field.description" hint="onboarding.hint.markdown" multiline />
        <button type="submit">{t(l, 'onboarding.program.submit')}</button>
      </form>
    </Layout>
  )
}
