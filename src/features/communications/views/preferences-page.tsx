import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import { Notice } from '../../../ui/form-field.tsx'

/** The mail preferences of one address, reached through the signed link in every notice. */
export function PreferencesPage(p: { locale: Locale; csrf: string; token: string; maskedAddress: string; notices: boolean; saved?: boolean }) {
  return (
    <Layout meta={{ title: t(p.locale, 'mailPrefs.title'), locale: p.locale, languageSwitch: true }}>
      <h1>{t(p.locale, 'mailPrefs.title')}</h1>
      <p>{t(p.locale, 'mailPrefs.for', { address: p.maskedAddress })}</p>
      <Notice text={p.saved && t(p.locale, 'mailPrefs.saved')} />
      <form method="post" action="/mail/preferences" class="form">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="token" value={p.token} />
        <fieldset>
          <legend>{t(p.locale, 'mailPrefs.legend')}</legend>
          <label>
            <input type="radio" name="notices" value="yes" checked={p.notices} /> {t(p.locale, 'mailPrefs.yes')}
          </label>
          <br />
          <label>
            <input type="radio" name="notices" value="no" checked={!p.notices} /> {t(p.locale, 'mailPrefs.no')}
          </label>
        </fieldset>
        <p class="muted">{t(p.locale, 'mailPrefs.transactional')}</p>
        <button type="submit">{t(p.locale, 'mailPrefs.save')}</button>
      </form>
    </Layout>
  )
}

/** An address with most of its local part hidden: enough for its owner to recognise, little for anyone else. */
export function maskAddress(address: string): string {
  const [local = '', domain = ''] = address.split('@')
  return `${local.slice(0, 1)}***@${domain}`
}
