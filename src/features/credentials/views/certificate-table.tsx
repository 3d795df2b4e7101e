import { t, type Locale } from '../../../ui/i18n.ts'

/** One row of a cohort's certificate table: the name as entered and the verification page. */
export interface CertificateRow {
  recipientName: string
  credentialId: string
}

/** The cohort's certificate table ("view and download the certificate"), as the 2023 KubeSphere announcement had it. */
export function CertificateTable(props: { locale: Locale; cohortTitle: string; rows: CertificateRow[]; baseUrl?: string }) {
  const { locale, rows } = props
  if (rows.length === 0) return <p>{t(locale, 'credential.table.none')}</p>
  return (
    <table class="certificate-table">
      <caption>{t(locale, 'credential.table.title', { cohort: props.cohortTitle })}</caption>
      <thead>
        <tr>
          <th scope="col">{t(locale, 'credential.table.name')}</th>
          <th scope="col">{t(locale, 'credential.table.certificate')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td>{r.recipientName}</td>
            <td>
              <a href={`${props.baseUrl ?? ''}/credentials/${r.credentialId}`}>{t(locale, 'credential.table.link')}</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The same table as Markdown, for announcements published elsewhere (blog posts, GitHub). */
export function certificateTableMarkdown(locale: Locale, rows: CertificateRow[], baseUrl: string): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ')
  const head = `| ${t(locale, 'credential.table.name')} | ${t(locale, 'credential.table.certificate')} |\n| --- | --- |\n`
  return head + rows.map((r) => `| ${escape(r.recipientName)} | [${t(locale, 'credential.table.link')}](${baseUrl}/credentials/${r.credentialId}) |`).join('\n') + '\n'
}
