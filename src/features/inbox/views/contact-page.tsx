import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import { TextField } from '../../../ui/form-field.tsx'

/** What the contact page shows. */
export interface ContactPageProps {
  locale: Locale
  csrf: string
  action: string
  community: { slug: string; name: string }
  programName: string
  policy: string
  values: Record<string, string>
  errors: Record<string, string>
  sent?: boolean
}

function Field(p: { name: string; label: string; props: ContactPageProps; multiline?: boolean; type?: string }) {
  return <TextField name={p.name} label={p.label} value={p.props.values[p.name]} error={p.props.errors[p.name]} multiline={p.multiline} rows={8} type={p.type} />
}

/** A program's public contact form, with the inbox policy stated before anyone writes. */
export function ContactPage(p: ContactPageProps) {
  const { locale } = p
  return (
    <Layout meta={{ title: t(locale, 'contact.title', { program: p.programName }), locale, languageSwitch: true, community: p.community }}>
      <h1>{t(locale, 'contact.title', { program: p.programName })}</h1>
      <p class="card">{p.policy}</p>
      {p.sent ? (
        <p class="notice" role="status">
          {t(locale, 'contact.sent')}
        </p>
      ) : (
        <form method="post" action={p.action} class="form">
          <CsrfField token={p.csrf} />
          {Object.keys(p.errors).length ? (
            <div class="error-box" role="alert">
              <p>{t(locale, 'contact.fixErrors')}</p>
            </div>
          ) : null}
          <Field name="name" label={t(locale, 'contact.name')} props={p} />
          <Field name="email" label={t(locale, 'contact.email')} props={p} type="email" />
          <Field name="subject" label={t(locale, 'contact.subject')} props={p} />
          <Field name="message" label={t(locale, 'contact.message')} props={p} multiline />
          {/* The honeypot: hidden from people (and from assistive technology), filled in by bots. */}
          <div class="visually-hidden" aria-hidden="true">
            <label for="website">{t(locale, 'contact.website')}</label>
            <input id="website" name="website" type="text" tabindex={-1} autocomplete="off" value="" />
          </div>
          <button type="submit">{t(locale, 'contact.send')}</button>
        </form>
      )}
    </Layout>
  )
}
