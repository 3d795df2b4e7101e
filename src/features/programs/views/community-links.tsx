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

/** How to reach the program team. */
export function ContactList(props: { community: Community; locale: Locale }) {
  if (props.community.contactChannels.length === 0) return null
  return (
    <section class="card" aria-labelledby="contact-heading">
      <h2 id="contact-heading">{t(props.locale, 'program.contact')}</h2>
      <ul>
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
