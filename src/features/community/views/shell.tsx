import type { Child } from 'hono/jsx'
import { Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'

/** What every community page of a program knows. */
export interface ProgramFrame {
  locale: Locale
  csrf: string
  community: { slug: string; name: string }
  program: { slug: string; name: string }
  isManager: boolean
  canReport: boolean
}

/** The base path of a program's community pages. */
export function programBase(frame: Pick<ProgramFrame, 'community' | 'program'>): string {
  return `/c/${frame.community.slug}/programs/${frame.program.slug}`
}

/** The frame of the community pages: layout, title, and the section navigation. */
export function CommunityShell(props: { frame: ProgramFrame; title: string; current: string; children: Child }) {
  const { frame } = props
  const base = programBase(frame)
  const links: [string, string][] = [
    [`${base}/activities`, t(frame.locale, 'community.nav.ledger')],
    [`${base}/groups`, t(frame.locale, 'community.nav.groups')],
    [`${base}/feedback`, t(frame.locale, 'community.nav.feedback')],
    [`${base}/meetings`, t(frame.locale, 'community.nav.meetings')],
    [`${base}/benefits`, t(frame.locale, 'community.nav.benefits')],
    ...(frame.canReport ? ([[`${base}/my-year`, t(frame.locale, 'community.nav.myYear')]] as [string, string][]) : []),
    ...(frame.isManager ? ([[`${base}/dashboard`, t(frame.locale, 'community.nav.dashboard')]] as [string, string][]) : []),
  ]
  return (
    <Layout meta={{ title: props.title, community: frame.community, locale: frame.locale, languageSwitch: true }}>
      <h1>{props.title}</h1>
      <nav aria-label={frame.program.name}>
        <ul class="links">
          {links.map(([href, label]) => (
            <li>
              <a href={href} aria-current={href === props.current ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.children}
    </Layout>
  )
}
