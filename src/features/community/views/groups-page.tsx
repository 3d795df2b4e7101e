import { t, type Locale, type MessageKey } from '../../../ui/i18n.ts'
import type { GroupListing } from '../groups/queries.ts'
import { meetingCadences, regions } from '../schema.ts'
import { CommunityShell, programBase, type ProgramFrame } from './shell.tsx'
import { Csrf, ErrorSummary, Field, invalid, OptionSelect, type FieldErrors } from './fields.tsx'

/** What the user-group registry shows. */
export interface GroupsPageProps {
  frame: ProgramFrame
  groups: GroupListing[]
  values: Record<string, string>
  errors: FieldErrors
  notice?: string
  /** A refused liaisons form: its group, the handles as typed and the message key. */
  liaisonsForm?: { groupId: string; value: string; error: string }
}

/** The user-group registry: groups with liaisons and health, approval for managers, proposals by ambassadors. */
export function GroupsPage(props: GroupsPageProps) {
  const { frame, values, errors } = props
  const l = frame.locale
  const base = programBase(frame)
  return (
    <CommunityShell frame={frame} title={t(l, 'community.groups.title', { program: frame.program.name })} current={`${base}/groups`}>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      {props.groups.length === 0 ? (
        <p>{t(l, 'community.groups.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, 'community.field.name')}</th>
              <th scope="col">{t(l, 'community.field.region')}</th>
              <th scope="col">{t(l, 'community.field.cadence')}</th>
              <th scope="col">{t(l, 'community.groups.lastMeetup')}</th>
              <th scope="col">{t(l, 'community.groups.health')}</th>
              <th scope="col">{t(l, 'community.groups.liaisons')}</th>
              {frame.isManager ? <th scope="col">{t(l, 'community.groups.status')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.groups.map((g) => (
              <tr data-group={g.id}>
                <td>
                  {g.links[0] ? <a href={g.links[0]} rel="nofollow noopener">{g.name}</a> : g.name}
                  <br />
                  <span class="muted">
                    {g.city}, {g.country}
                  </span>
                </td>
                <td>{t(l, `community.region.${g.region}` as MessageKey)}</td>
                <td>{t(l, `community.cadence.${g.cadence}` as MessageKey)}</td>
                <td>{g.lastMeetupOn ?? '—'}</td>
                <td>
                  <span class="badge" data-health={g.health}>
                    {t(l, `community.health.${g.health}` as MessageKey)}
                  </span>
                </td>
                <td>
                  {g.liaisons.map((p, i) => (
                    <>
                      {i ? ', ' : ''}
                      <a href={`/people/${p.handle}`}>{p.name}</a>
                    </>
                  ))}
                  {frame.isManager ? <LiaisonsForm locale={l} base={base} csrf={frame.csrf} groupId={g.id} handles={g.liaisons.map((p) => p.handle).join(', ')} refused={props.liaisonsForm?.groupId === g.id ? props.liaisonsForm : undefined} /> : null}
                </td>
                {frame.isManager ? (
                  <td>
                    {t(l, `community.status.${g.status}` as MessageKey)}
                    {g.status !== 'approved' ? (
                      <form method="post" action={`${base}/groups/${g.id}/decision`} class="inline-form">
                        <Csrf token={frame.csrf} />
                        <button type="submit" name="decision" value="approved">
                          {t(l, 'community.groups.approve')}
                        </button>
                      </form>
                    ) : null}
                    {g.status === 'proposed' ? (
                      <form method="post" action={`${base}/groups/${g.id}/decision`} class="inline-form">
                        <Csrf token={frame.csrf} />
                        <button type="submit" name="decision" value="rejected">
                          {t(l, 'community.groups.reject')}
                        </button>
                      </form>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {frame.canReport ? (
        <section class="card" aria-labelledby="propose-heading">
          <h2 id="propose-heading">{t(l, 'community.groups.propose')}</h2>
          <ErrorSummary locale={l} errors={errors} />
          <form method="post" action={`${base}/groups`} novalidate>
            <Csrf token={frame.csrf} />
            <Field locale={l} name="name" label="community.field.name" errors={errors}>
              <input id="name" name="name" value={values.name ?? ''} required {...invalid(errors, 'name')} />
            </Field>
            <Field locale={l} name="city" label="community.field.city" errors={errors}>
              <input id="city" name="city" value={values.city ?? ''} required {...invalid(errors, 'city')} />
            </Field>
            <Field locale={l} name="country" label="community.field.country" errors={errors}>
              <input id="country" name="country" value={values.country ?? ''} maxlength={2} required {...invalid(errors, 'country')} />
            </Field>
            <Field locale={l} name="region" label="community.field.region" errors={errors}>
              <OptionSelect locale={l} name="region" values={regions} prefix="community.region" selected={values.region} errors={errors} placeholder />
            </Field>
            <Field locale={l} name="links" label="community.field.links" errors={errors}>
              <textarea id="links" name="links" rows={2} {...invalid(errors, 'links')}>
                {values.links ?? ''}
              </textarea>
            </Field>
            <Field locale={l} name="organisers" label="community.field.organisers" errors={errors}>
              <input id="organisers" name="organisers" value={values.organisers ?? ''} {...invalid(errors, 'organisers')} />
            </Field>
            <Field locale={l} name="cadence" label="community.field.cadence" errors={errors}>
              <OptionSelect locale={l} name="cadence" values={meetingCadences} prefix="community.cadence" selected={values.cadence ?? 'monthly'} errors={errors} />
            </Field>
            <Field locale={l} name="lastMeetupOn" label="community.field.lastMeetup" errors={errors}>
              <input id="lastMeetupOn" name="lastMeetupOn" type="date" value={values.lastMeetupOn ?? ''} {...invalid(errors, 'lastMeetupOn')} />
            </Field>
            <button type="submit">{t(l, 'community.groups.propose')}</button>
          </form>
        </section>
      ) : null}
    </CommunityShell>
  )
}

/** A manager's form setting a group's liaisons by handle (ambassadors of the program), its message under the field. */
function LiaisonsForm(props: { locale: Locale; base: string; csrf: string; groupId: string; handles: string; refused?: { value: string; error: string } }) {
  const id = `liaisons-${props.groupId}`
  const l = props.locale
  return (
    <form method="post" action={`${props.base}/groups/${props.groupId}/liaisons`} class="inline-form">
      <Csrf token={props.csrf} />
      <label for={id}>{t(l, 'community.groups.liaisonHandles')}</label>{' '}
      <input id={id} name="liaisons" value={props.refused?.value ?? props.handles} {...(props.refused ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {})} />{' '}
      <button type="submit">{t(l, 'community.groups.saveLiaisons')}</button>
      {props.refused ? (
        <p class="field-error" id={`${id}-error`}>
          {t(l, props.refused.error as MessageKey)}
        </p>
      ) : null}
    </form>
  )
}
