/**
 * The management pages of one program, linked from its admin page: a manager reaches every page from there.
 * Per cohort: applications, reviews, selection, announcement, credentials; per program: questions and rubric, mail templates, inbox,
 * webhooks, the term's dashboard, monthly regional report and link check; per community: comment moderation and the program team.
 */
export function ProgramAdminNav(p: { communitySlug: string; programSlug: string; cohorts: { slug: string; title: string }[] }) {
  const admin = `/admin/c/${p.communitySlug}/programs/${p.programSlug}`
  const pub = `/c/${p.communitySlug}/programs/${p.programSlug}`
  const program: [string, string][] = [
    [`${admin}/form`, 'Application questions and review rubric'],
    [`${admin}/mail-templates`, 'Mail templates'],
    [`${admin}/inbox`, 'Inbox'],
    [`${admin}/inbox/settings`, 'Inbox policy and triage rules'],
    [`/admin/c/${p.communitySlug}/comments`, 'Comment moderation'],
    [`/admin/c/${p.communitySlug}/managers`, 'Program team (the community’s program managers)'],
    [`${admin}/webhooks`, 'Chat notifications (webhooks)'],
    [`${pub}/dashboard`, 'Term dashboard'],
    [`${pub}/report`, 'Monthly regional report'],
    [`${pub}/links`, 'Activity link check'],
  ]
  return (
    <nav class="card" aria-label="Manage this program">
      <h2>Manage</h2>
      <ul>
        {program.map(([href, label]) => (
          <li>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ul>
      {p.cohorts.map((c) => (
        <>
          <h3>{c.title}</h3>
          <ul>
            {(
              [
                ['applications', 'Applications'],
                ['reviews', 'Reviews'],
                ['selection', 'Selection'],
                ['announcement', 'Announcement'],
                ['credentials', 'Credentials'],
              ] as const
            ).map(([page, label]) => (
              <li>
                <a href={`${admin}/cohorts/${c.slug}/${page}`}>{label}</a>
              </li>
            ))}
          </ul>
        </>
      ))}
    </nav>
  )
}
