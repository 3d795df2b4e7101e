import { t, type Locale } from '../../../ui/i18n.ts'
import type { CheckedLink } from '../link-check/queries.ts'
import type { LinkStatus } from '../link-check/schema.ts'
import { CommunityShell, programBase, type ProgramFrame } from './shell.tsx'
import { Csrf } from './fields.tsx'

/** When a link was last checked, in UTC ("2025-10-05 08:00 UTC"). */
function checkedAt(locale: Locale, at: Date | null): string {
  return at ? `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC` : t(locale, 'community.links.never')
}

/** The status of a link as managers read it: word, HTTP status or reason. */
function statusText(locale: Locale, link: CheckedLink): string {
  if (!link.status) return t(locale, 'community.links.unchecked')
  const word = t(locale, `community.links.${link.status}`)
  if (link.httpStatus !== null && link.status !== 'ok') return `${word} (HTTP ${link.httpStatus})`
  return link.detail ? `${word}: ${link.detail}` : word
}

const marks: Record<LinkStatus, string> = { ok: '✓', broken: '✗', unreachable: '⚠' }

/** Managers' view of the activities' links: broken and unreachable ones first, each with when it was last checked. */
export function LinksPage(props: { frame: ProgramFrame; links: CheckedLink[]; counts: Record<LinkStatus | 'unchecked', number>; requested?: boolean }) {
  const { frame, counts } = props
  const l = frame.locale
  const base = programBase(frame)
  return (
    <CommunityShell frame={frame} title={t(l, 'community.links.title', { program: frame.program.name })} current={`${base}/links`}>
      <p>{t(l, 'community.links.intro')}</p>
      {props.requested ? (
        <p role="status">
          {t(l, 'community.links.requested')}
        </p>
      ) : null}
      <form method="post" action={`${base}/links/check`} class="inline-form">
        <Csrf token={frame.csrf} />
        <button type="submit">{t(l, 'community.links.checkNow')}</button>
      </form>
      <p id="link-counts">{t(l, 'community.links.counts', { broken: counts.broken, unreachable: counts.unreachable, ok: counts.ok, unchecked: counts.unchecked })}</p>
      {props.links.length ? (
        <table id="links">
          <thead>
            <tr>
              <th scope="col">{t(l, 'community.links.status')}</th>
              <th scope="col">{t(l, 'community.links.activity')}</th>
              <th scope="col">{t(l, 'community.links.link')}</th>
              <th scope="col">{t(l, 'community.links.checked')}</th>
            </tr>
          </thead>
          <tbody>
            {props.links.map((link) => (
              <tr data-status={link.status ?? 'unchecked'} class={link.status === 'broken' || link.status === 'unreachable' ? 'error' : undefined}>
                <td>
                  {link.status ? <span aria-hidden="true">{marks[link.status]} </span> : null}
                  {statusText(l, link)}
                </td>
                <td>
                  {link.title} · {link.personName} · {link.day}
                </td>
                <td>
                  <a href={link.url} rel="nofollow noopener noreferrer">
                    {link.url}
                  </a>
                </td>
                <td>{checkedAt(l, link.checkedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t(l, 'community.links.none')}</p>
      )}
    </CommunityShell>
  )
}
