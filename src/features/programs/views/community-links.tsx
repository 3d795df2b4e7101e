import { t, type Locale } from '../../../ui/i18n.ts'
import type { Community } from '../queries.ts'

/** The community's social media links. */
export function SocialLinks(props: { community: Community; locale: Locale }) {
  if (props.community.socialLinks.length === 0) return null
  return (
    <section class="card" aria-labelledby="social-heading">
      <h2 id="social-heading">{t(props.locale, 'program.social')}</h2>
      <ul class="links">
        {props.community.socialLinks.map((l) => (
          <li>
            <a href={l.url} rel="noopener">
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** Where to follow a program: its news, the news feed, and its calendar for calendar apps. */
export function FollowLinks(props: { programHref: string; locale: Locale }) {
  return (
    <section class="card" aria-labelledby="follow-heading">
      <h2 id="follow-heading">{t(props.locale, 'program.follow')}</h2>
      <ul>
        <li>
          <a href={`${props.programHref}/news`}>{t(props.locale, 'program.news')}</a>
        </li>
        <li>
          <a href={`${props.programHref}/news.atom`} type="application/atom+xml">
            {t(props.locale, 'program.newsFeed')}
          </a>
        </li>
        <li>
          <a href={`${props.programHref}/calendar.ics`} type="text/calendar">
            {t(props.locale, 'program.calendarFeed')}
          </a>
        </li>
      </ul>
    </section>
  )
}

/** How to reach the program team: the community's channels and, on a program's page, its contact form. */
export function ContactList(props: { community: Community; locale: Locale; formHref?: string }) {
  if (props.community.contactChannels.length === 0 && !props.formHref) return null
  return (
    <section class="card" aria-labelledby="contact-heading">
      <h2 id="contact-heading">{t(props.locale, 'program.contact')}</h2>
      <ul>
        {props.formHref ? (
          <li>
            <a href={props.formHref}>{t(props.locale, 'program.writeToTeam')}</a>
          </li>
        ) : null}
        {props.community.contactChannels.map((c) => (
          <li>
            <a href={c.kind === 'email' ? `mailto:${c.target}` : c.target} rel="noopener">
              {c.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}
