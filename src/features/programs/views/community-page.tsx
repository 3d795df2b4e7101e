import { raw } from 'hono/html'
import { Layout } from '../../../ui/layout.tsx'
import { renderMarkdown } from '../../../lib/markdown.ts'
import type { Community, Program } from '../queries.ts'
import { ContactList, SocialLinks } from './community-links.tsx'

/** A community's home: its programs and how to reach it. */
export function CommunityPage(props: { community: Community; programs: Program[] }) {
  const c = props.community
  return (
    <Layout meta={{ title: `${c.name} Ambassadors`, description: c.tagline, community: { slug: c.slug, name: c.name } }}>
      <h1>{c.name}</h1>
      <p class="lede">{c.tagline}</p>
      {c.descriptionMd ? <div class="prose">{raw(renderMarkdown(c.descriptionMd))}</div> : null}
      <section aria-labelledby="programs-heading">
        <h2 id="programs-heading">Programs</h2>
        <div class="grid">
          {props.programs.map((p) => (
            <article class="card">
              <h3>
                <a href={`/c/${c.slug}/programs/${p.slug}`}>{p.name}</a>
              </h3>
              {p.status === 'proposed' ? <p class="badge">Proposed</p> : null}
              <p>{p.summary}</p>
            </article>
          ))}
        </div>
        {props.programs.length === 0 ? <p>This community has no program yet.</p> : null}
      </section>
      <p>
        <a class="button" href={`/c/${c.slug}/ambassadors`}>
          Browse the ambassador directory
        </a>
      </p>
      <div class="grid">
        <SocialLinks community={c} />
        <ContactList community={c} />
      </div>
    </Layout>
  )
}

/** The deployment's home: every community it hosts. */
export function HomePage(props: { communities: { slug: string; name: string; tagline: string; programCount: number }[] }) {
  return (
    <Layout meta={{ title: 'Embassy · Ambassador programs', description: 'Ambassador programs of open-source communities' }}>
      <h1>Ambassador programs</h1>
      <p class="lede">Open-source communities run their Ambassador programs here: apply, follow the calendar, meet the ambassadors.</p>
      <div class="grid">
        {props.communities.map((c) => (
          <article class="card">
            <h2>
              <a href={`/c/${c.slug}`}>{c.name}</a>
            </h2>
            <p>{c.tagline}</p>
            <p class="muted">{c.programCount === 1 ? '1 program' : `${c.programCount} programs`}</p>
          </article>
        ))}
      </div>
      {props.communities.length === 0 ? <p>No community has been set up yet. Run <code>embassy seed --demo</code> to load the demo programs.</p> : null}
    </Layout>
  )
}
