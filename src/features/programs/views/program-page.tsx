import { raw } from 'hono/html'
import { Layout, initials } from '../../../ui/layout.tsx'
import { describeZone, formatDay } from '../../../lib/dates.ts'
import { renderMarkdown } from '../../../lib/markdown.ts'
import { describeCalendar, explainRequirementRule, type PhaseView } from '../calendar.ts'
import type { ApplicationQuestion, Cohort, CohortPhase, Community, Program, PublicMember, Requirement, SelectionCriterion } from '../queries.ts'
import { ContactList, SocialLinks } from './community-links.tsx'

/** Everything the program page shows; `now` places the calendar. */
export interface ProgramPageProps {
  community: Community
  program: Program
  requirements: Requirement[]
  questions: ApplicationQuestion[]
  criteria: SelectionCriterion[]
  cohorts: Cohort[]
  cohort: Cohort | undefined
  phases: CohortPhase[]
  members: PublicMember[]
  /** All ambassadors of the cohort; `members` lists the first of them. */
  ambassadorTotal: number
  now: Date
  baseUrl: string
}

const stateLabel = { past: 'Done', current: 'Now', upcoming: 'Upcoming' } as const

function phaseWhen(p: PhaseView): string {
  return p.startDay === p.endDay ? formatDay(p.startDay) : `${formatDay(p.startDay)} – ${formatDay(p.endDay)}`
}

function Calendar(props: { cohort: Cohort; phases: CohortPhase[]; now: Date }) {
  const views = describeCalendar(props.phases, props.cohort.timeZone, props.now)
  const current = views.filter((v) => v.state === 'current')
  const next = views.find((v) => v.state === 'upcoming')
  return (
    <section class="card" aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">Calendar · {props.cohort.title}</h2>
      <p class="muted">
        {current.length
          ? `Now: ${current.map((v) => v.label).join(', ')}.`
          : next
            ? `Next: ${next.label}, ${formatDay(next.startDay)}.`
            : 'Every phase of this cohort is done.'}{' '}
        Dates are days in {describeZone(props.cohort.timeZone, props.now)}.
      </p>
      <ol class="calendar">
        {views.map((v) => (
          <li class={v.state} data-phase={v.kind} aria-current={v.state === 'current' ? 'step' : undefined}>
            <span class="when">
              <time datetime={v.startDay}>{phaseWhen(v)}</time>
            </span>
            {v.label} <span class={`badge ${v.state}`}>{stateLabel[v.state]}</span>
          </li>
        ))}
      </ol>
    </section>
  )
}

function Requirements(props: { requirements: Requirement[]; atLeast: number | null; note: string }) {
  const mandatory = props.requirements.filter((r) => r.mandatory)
  const optional = props.requirements.filter((r) => !r.mandatory)
  return (
    <section class="card" aria-labelledby="requirements-heading">
      <h2 id="requirements-heading">Requirements</h2>
      <p>
        <strong>{explainRequirementRule(mandatory.length, optional.length, props.atLeast)}</strong>
      </p>
      {mandatory.length ? (
        <>
          <h3>Mandatory</h3>
          <ul class="requirements">
            {mandatory.map((r) => (
              <li>
                {r.title} <span class="badge mandatory">Required</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {optional.length ? (
        <>
          <h3>{props.atLeast !== null && props.atLeast < optional.length ? `At least ${props.atLeast} of these` : 'Also required'}</h3>
          <ul class="requirements">
            {optional.map((r) => (
              <li>{r.title}</li>
            ))}
          </ul>
        </>
      ) : null}
      {props.note ? <div class="prose muted">{raw(renderMarkdown(props.note))}</div> : null}
    </section>
  )
}

function MemberList(props: { members: PublicMember[]; total: number; label: string; id: string; more?: string }) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>
        {props.label} <span class="muted">({props.total})</span>
      </h2>
      <ul class="members">
        {props.members.map((m) => (
          <li>
            <span class="avatar" aria-hidden="true">
              {initials(m.displayName)}
            </span>
            <a class="name" href={`/people/${m.handle}`}>
              {m.displayName}
            </a>
            {m.githubLogin ? <div class="muted">@{m.githubLogin}</div> : null}
          </li>
        ))}
      </ul>
      {props.more && props.total > props.members.length ? (
        <p>
          <a href={props.more}>See all {props.total} in the ambassador directory</a>
        </p>
      ) : null}
    </section>
  )
}

/** The public page of a program: what it is, benefits, requirements and the rule, calendar, members, links. */
export function ProgramPage(p: ProgramPageProps) {
  const organizers = p.members.filter((m) => m.role === 'organizer')
  const ambassadors = p.members.filter((m) => m.role === 'ambassador')
  const seats = p.cohort?.seats ?? p.program.targetSeats
  const applicationsOpen = p.cohort ? describeCalendar(p.phases, p.cohort.timeZone, p.now).some((v) => v.kind === 'applications' && v.state === 'current') : false
  return (
    <Layout
      meta={{
        title: `${p.program.name} · ${p.community.name}`,
        description: p.program.summary,
        community: { slug: p.community.slug, name: p.community.name },
        canonical: `${p.baseUrl}/c/${p.community.slug}/programs/${p.program.slug}`,
        image: `${p.baseUrl}/c/${p.community.slug}/programs/${p.program.slug}/og.png`,
      }}
    >
      <p class="muted">
        <a href={`/c/${p.community.slug}`}>{p.community.name}</a>
        {p.program.status === 'proposed' ? ' · Proposed program' : ''}
      </p>
      <h1>{p.program.name}</h1>
      <p class="lede">{p.program.summary}</p>
      {seats ? (
        <p>
          <span class="badge">{seats} ambassador seats</span> <span class="badge">{p.program.termMonths}-month term</span>
        </p>
      ) : null}
      {applicationsOpen ? (
        <p>
          <a class="button" href={`/c/${p.community.slug}/programs/${p.program.slug}/apply`}>
            Apply now
          </a>
        </p>
      ) : null}
      {p.cohorts.length > 1 ? (
        <nav aria-label="Cohorts" class="links">
          {p.cohorts.map((c) => (
            <a href={`/c/${p.community.slug}/programs/${p.program.slug}?cohort=${c.slug}`} aria-current={c.id === p.cohort?.id ? 'page' : undefined}>
              {c.title}
            </a>
          ))}
        </nav>
      ) : null}
      <div class="layout-2">
        <div>
          <section class="card prose" aria-labelledby="about-heading">
            <h2 id="about-heading">About the program</h2>
            {raw(renderMarkdown(p.program.descriptionMd))}
            {p.program.roleMd ? (
              <>
                <h3>What ambassadors do</h3>
                {raw(renderMarkdown(p.program.roleMd))}
              </>
            ) : null}
          </section>
          {p.program.benefits.length ? (
            <section class="card" aria-labelledby="benefits-heading">
              <h2 id="benefits-heading">Benefits</h2>
              <ul>
                {p.program.benefits.map((b) => (
                  <li>{b}</li>
                ))}
              </ul>
            </section>
          ) : null}
          {p.requirements.length ? (
            <Requirements requirements={p.requirements} atLeast={p.program.requirementsAtLeast} note={p.program.requirementsNoteMd} />
          ) : null}
          {p.questions.length ? (
            <section class="card" aria-labelledby="questions-heading">
              <h2 id="questions-heading">Application questions</h2>
              <ol>
                {p.questions.map((q) => (
                  <li>{q.prompt}</li>
                ))}
              </ol>
            </section>
          ) : null}
          {p.criteria.length ? (
            <section class="card" aria-labelledby="criteria-heading">
              <h2 id="criteria-heading">How ambassadors are selected</h2>
              <ul>
                {p.criteria.map((c) => (
                  <li>{c.name}</li>
                ))}
              </ul>
            </section>
          ) : null}
          {ambassadors.length ? (
            <MemberList
              members={ambassadors}
              total={p.ambassadorTotal}
              label={`Ambassadors · ${p.cohort?.title ?? ''}`}
              id="ambassadors-heading"
              more={`/c/${p.community.slug}/ambassadors?cohort=${p.cohort?.slug ?? ''}`}
            />
          ) : null}
        </div>
        <div>
          {p.cohort ? (
            <Calendar cohort={p.cohort} phases={p.phases} now={p.now} />
          ) : (
            <section class="card">
              <h2>Calendar</h2>
              <p>No cohort has been scheduled yet.</p>
            </section>
          )}
          {organizers.length ? <MemberList members={organizers} total={organizers.length} label="Members" id="members-heading" /> : null}
          <SocialLinks community={p.community} />
          <ContactList community={p.community} />
        </div>
      </div>
    </Layout>
  )
}
