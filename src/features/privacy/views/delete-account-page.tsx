import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'

/** Asks the signed-in person to confirm deleting their account (typing DELETE), with what it does. */
export function DeleteAccountPage(props: { locale: Locale; csrf: string; error?: string; value?: string; refusal?: string }) {
  const { locale } = props
  return (
    <Layout meta={{ title: `${t(locale, 'privacy.delete.title')} · Embassy`, locale }}>
      <h1>{t(locale, 'privacy.delete.title')}</h1>
      <p>{t(locale, 'privacy.delete.intro')}</p>
      {props.refusal ? (
        <p class="field-error" role="alert">
          {props.refusal}
        </p>
      ) : null}
      <p>
        <a href="/account/data">{t(locale, 'privacy.download')}</a>
      </p>
      <form method="post" action="/account/delete" class="form">
        <CsrfField token={props.csrf} />
        <label for="confirm">{t(locale, 'privacy.delete.confirmLabel')}</label>
        <input
          id="confirm"
          name="confirm"
          autocomplete="off"
          required
          value={props.value ?? ''}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? 'confirm-error' : undefined}
        />
        {props.error ? (
          <p class="field-error" id="confirm-error">
            {props.error}
          </p>
        ) : null}
        <button type="submit" class="danger">
          {t(locale, 'privacy.delete.submit')}
        </button>
      </form>
    </Layout>
  )
}

/** Shown once the account is gone. */
export function AccountDeletedPage(props: { locale: Locale }) {
  return (
    <Layout meta={{ title: `${t(props.locale, 'privacy.delete.doneTitle')} · Embassy`, locale: props.locale }}>
      <h1>{t(props.locale, 'privacy.delete.doneTitle')}</h1>
      <p>{t(props.locale, 'privacy.delete.done')}</p>
    </Layout>
  )
}
