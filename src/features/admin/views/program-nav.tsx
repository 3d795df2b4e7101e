import { t, type Locale, type MessageKey } from '../../../ui/i18n.ts'

/**
 * The management pages of one program, linked from its admin page: a manager reaches every page from there.
 * Per cohort: applications, reviews, selection, announcement, credentials; per program: questions and rubric, mail templates, inbox,
 * webhooks, the term's dashboard, monthly regional report and link check; per community: comment moderation and the program team.
 */
export function ProgramAdminNav(p: { locale: Locale; communitySlug: string; programSlug: string; cohorts: { slug: string; title: string }[] }) {
  const l = p.locale
  const admin = `/admin/c/${p.communitySlug}/programs/${p.programSlug}`
  const pub = `/c/${p.communitySlug}/programs/${p.programSlug}`
  const program: [string, MessageKey][] = [
    [`${admin}/form`, 'adminProgram.nav.form'],
    [`${admin}/mail-templates`, 'adminProgram.nav.mailTemplates'],
    [`${admin}/inbox`, 'adminProgram.nav.inbox'],
    [`${admin}/inbox/settings`, 'adminProgram.nav.inboxSettings'],
    [`/admin/c/${p.communitySlug}/comments`, 'adminProgram.nav.comments'],
    [`/admin/c/${p.communitySlug}/managers`, 'adminProgram.nav.managers'],
    [`${admin}/webhooks`, 'adminProgram.nav.webhooks'],
    [`${pub}/dashboard`, 'adminProgram.nav.dashboard'],
    [`${pub}/report`, 'adminProgram.nav.report'],
    [`${pub}/links`, 'adminProgram.nav.links'],
  ]
  return (
    <nav class="card" aria-label={t(l, 'adminProgram.nav.label')}>
      <h2>{t(l, 'adminProgram.nav.heading')}</h2>
      <ul>
        {program.map(([href, label]) => (
          <li>
            <a href={href}>{t(l, label)}</a>
          </li>
        ))}
      </ul>
      {p.cohorts.map((c) => (
        <>
          <h3>{c.title}</h3>
          <ul>
            {(['applications', 'reviews', 'selection', 'announcement', 'credentials'] as const).map((page) => (
              <li>
                <a href={`${admin}/cohorts/${c.slug}/${page}`}>{t(l, `adminProgram.nav.${page}`)}</a>
              </li>
            ))}
          </ul>
        </>
      ))}
    </nav>
  )
}
