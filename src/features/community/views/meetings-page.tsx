import { raw } from 'hono/html'
import { t, type MessageKey } from '../../../ui/i18n.ts'
import { CommunityShell, programBase, type ProgramFrame } from './shell.tsx'
import { Csrf, ErrorSummary, Field, invalid, type FieldErrors } from './fields.tsx'

/** One meeting as the page lists it: rule, agenda (already sanitised HTML) and next occurrences. */
export interface MeetingView {
  id: string
  title: string
  workingGroupName: string | null
  rule: string
  location: string
  agendaHtml: string
  /** `started`: attendance can be recorded (the occurrence has begun); `error`: why recording it was refused. */
  occurrences: { iso: string; label: string; attendees: number; attended: boolean; started: boolean; error?: string }[]
}

/** What the meetings page shows. */
export interface MeetingsPageProps {
  frame: ProgramFrame
  viewerZone: string
  meetings: MeetingView[]
  workingGroups: { id: string; name: string; description: string; members: { name: string; handle: string }[]; feedUrl?: string }[]
  feedUrl: string
  values: Record<string, string>
  errors: FieldErrors
  notice?: string
  /** The working-group form as posted, when it was refused. */
  workingGroupForm?: { values: Record<string, string>; errors: FieldErrors }
  /** A ?tz= that is no time zone: as typed, and the message key said under the field. */
  zoneError?: { value: string; message: string }
}

/** Weekly meetings in the viewer's zone, attendance, working groups, calendar subscriptions and (managers) scheduling. */
export function MeetingsPage(props: MeetingsPageProps) {
  const { frame, values, errors } = props
  const wgValues = props.workingGroupForm?.values ?? {}
  const wgErrors = props.workingGroupForm?.errors ?? {}
  const l = frame.locale
  const base = programBase(frame)
  return (
    <CommunityShell frame={frame} title={t(l, 'community.meetings.title', { program: frame.program.name })} current={`${base}/meetings`}>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <section class="card" aria-labelledby="subscribe-heading">
        <h2 id="subscribe-heading">{t(l, 'community.meetings.subscribe')}</h2>
        <p class="hint">{t(l, 'community.meetings.subscribeHint')}</p>
        <p>
          <a href={props.feedUrl}>{props.feedUrl}</a>
        </p>
      </section>
      <form method="get" action={`${base}/meetings`} class="search">
        <div class="field">
          <label for="tz">{t(l, 'community.field.zone')}</label>
          <input id="tz" name="tz" value={props.zoneError?.value ?? props.viewerZone} {...(props.zoneError ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'tz-error' } : {})} />
          {props.zoneError ? (
            <p class="field-error" id="tz-error">
              {t(l, props.zoneError.message as MessageKey)}
            </p>
          ) : null}
        </div>
        <button type="submit">{t(l, 'community.form.save')}</button>
      </form>
      {props.meetings.length === 0 ? <p>{t(l, 'community.meetings.empty')}</p> : null}
      {props.meetings.map((m) => (
        <section class="card" aria-labelledby={`meeting-${m.id}`}>
          <h2 id={`meeting-${m.id}`}>
            {m.title}
            {m.workingGroupName ? <span class="badge"> {m.workingGroupName}</span> : null}
          </h2>
          <p>{m.rule}</p>
          {m.location ? <p>{m.location}</p> : null}
          {m.agendaHtml ? (
            <div class="prose">
              <h3>{t(l, 'community.meetings.agenda')}</h3>
              {raw(m.agendaHtml)}
            </div>
          ) : null}
          <h3>{t(l, 'community.meetings.next', { zone: props.viewerZone })}</h3>
          <ul>
            {m.occurrences.map((o) => (
              <li>
                <time datetime={o.iso}>{o.label}</time> · {t(l, 'community.meetings.attended', { n: o.attendees })}
                {frame.canReport && o.started ? (
                  <form method="post" action={`${base}/meetings/${m.id}/attendance`} class="inline-form">
                    <Csrf token={frame.csrf} />
                    <input type="hidden" name="startsAt" value={o.iso} />
                    <input type="hidden" name="attended" value={o.attended ? 'no' : 'yes'} />{' '}
                    <button type="submit" aria-pressed={o.attended ? 'true' : 'false'}>
                      {t(l, 'community.meetings.attend')}
                    </button>
                  </form>
                ) : null}
                {o.error ? (
                  <p class="field-error" role="alert">
                    {o.error}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h2>{t(l, 'community.meetings.workingGroups')}</h2>
      <ul>
        {props.workingGroups.map((g) => (
          <li>
            <strong>{g.name}</strong> {g.description ? `— ${g.description}` : ''}
            <br />
            {t(l, 'community.meetings.members')}: {g.members.map((p) => p.name).join(', ')}
            {g.feedUrl ? (
              <>
                {' '}
                · <a href={g.feedUrl}>.ics</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {frame.isManager ? (
        <section class="card" aria-labelledby="working-group-heading">
          <h2 id="working-group-heading">{t(l, 'community.meetings.createWorkingGroup')}</h2>
          <ErrorSummary locale={l} errors={wgErrors} />
          <form method="post" action={`${base}/meetings/working-groups`} novalidate>
            <Csrf token={frame.csrf} />
            <Field locale={l} name="name" label="community.field.name" errors={wgErrors}>
              <input id="name" name="name" value={wgValues.name ?? ''} required {...invalid(wgErrors, 'name')} />
            </Field>
            <Field locale={l} name="description" label="community.field.description" errors={wgErrors}>
              <input id="description" name="description" value={wgValues.description ?? ''} {...invalid(wgErrors, 'description')} />
            </Field>
            <Field locale={l} name="members" label="community.meetings.memberHandles" errors={wgErrors}>
              <input id="members" name="members" value={wgValues.members ?? ''} {...invalid(wgErrors, 'members')} />
            </Field>
            <button type="submit">{t(l, 'community.meetings.createWorkingGroup')}</button>
          </form>
        </section>
      ) : null}
      {frame.isManager ? (
        <section class="card" aria-labelledby="schedule-heading">
          <h2 id="schedule-heading">{t(l, 'community.meetings.schedule')}</h2>
          <ErrorSummary locale={l} errors={errors} />
          <form method="post" action={`${base}/meetings`} novalidate>
            <Csrf token={frame.csrf} />
            <Field locale={l} name="title" label="community.field.title" errors={errors}>
              <input id="title" name="title" value={values.title ?? ''} required {...invalid(errors, 'title')} />
            </Field>
            <Field locale={l} name="timeZone" label="community.field.zone" errors={errors}>
              <input id="timeZone" name="timeZone" value={values.timeZone ?? props.viewerZone} required {...invalid(errors, 'timeZone')} />
            </Field>
            <Field locale={l} name="firstDay" label="community.field.firstDay" errors={errors}>
              <input id="firstDay" name="firstDay" type="date" value={values.firstDay ?? ''} required {...invalid(errors, 'firstDay')} />
            </Field>
            <Field locale={l} name="startTime" label="community.field.startTime" errors={errors}>
              <input id="startTime" name="startTime" type="time" value={values.startTime ?? ''} required {...invalid(errors, 'startTime')} />
            </Field>
            <Field locale={l} name="durationMinutes" label="community.field.duration" errors={errors}>
              <input id="durationMinutes" name="durationMinutes" inputmode="numeric" value={values.durationMinutes ?? '60'} {...invalid(errors, 'durationMinutes')} />
            </Field>
            <Field locale={l} name="intervalWeeks" label="community.field.interval" errors={errors}>
              <input id="intervalWeeks" name="intervalWeeks" inputmode="numeric" value={values.intervalWeeks ?? '1'} {...invalid(errors, 'intervalWeeks')} />
            </Field>
            <Field locale={l} name="untilDay" label="community.field.until" errors={errors}>
              <input id="untilDay" name="untilDay" type="date" value={values.untilDay ?? ''} {...invalid(errors, 'untilDay')} />
            </Field>
            <Field locale={l} name="location" label="community.field.location" errors={errors}>
              <input id="location" name="location" value={values.location ?? ''} {...invalid(errors, 'location')} />
            </Field>
            <Field locale={l} name="workingGroupId" label="community.field.workingGroup" errors={errors}>
              <select id="workingGroupId" name="workingGroupId">
                <option value="">{t(l, 'community.field.none')}</option>
                {props.workingGroups.map((g) => (
                  <option value={g.id} selected={g.id === values.workingGroupId}>
                    {g.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field locale={l} name="agendaMd" label="community.field.agenda" errors={errors}>
              <textarea id="agendaMd" name="agendaMd" rows={5} {...invalid(errors, 'agendaMd')}>
                {values.agendaMd ?? ''}
              </textarea>
            </Field>
            <button type="submit">{t(l, 'community.meetings.schedule')}</button>
          </form>
        </section>
      ) : null}
    </CommunityShell>
  )
}
