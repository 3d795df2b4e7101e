import { t } from '../../../ui/i18n.ts'
import type { LedgerEntry } from '../activities/ledger.ts'
import { activityTypes, regions } from '../schema.ts'
import { CommunityShell, programBase, type ProgramFrame } from './shell.tsx'
import { Csrf, ErrorSummary, Field, invalid, OptionSelect, typeLabel, type FieldErrors } from './fields.tsx'

/** What the ledger page shows. */
export interface LedgerPageProps {
  frame: ProgramFrame
  entries: LedgerEntry[]
  /** Cursors of the following and preceding pages, when there are more lines that way. */
  next?: string
  prev?: string
  /** Only the viewer's own lines (ambassadors) or the whole program (managers). */
  mine: boolean
  groups: { id: string; name: string }[]
  values: Record<string, string>
  errors: FieldErrors
  notice?: string
  today: string
}

/** The activity ledger: logged and imported lines in one table, and the form to log an activity. */
export function LedgerPage(props: LedgerPageProps) {
  const { frame, values, errors } = props
  const l = frame.locale
  const base = programBase(frame)
  return (
    <CommunityShell frame={frame} title={t(l, 'community.ledger.title', { program: frame.program.name })} current={`${base}/activities`}>
      <p class="lede">{t(l, 'community.ledger.intro')}</p>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      {frame.canReport ? (
        <section class="card" aria-labelledby="log-heading">
          <h2 id="log-heading">{t(l, 'community.ledger.log')}</h2>
          <ErrorSummary locale={l} errors={errors} />
          <form method="post" action={`${base}/activities`} novalidate>
            <Csrf token={frame.csrf} />
            <Field locale={l} name="type" label="community.field.type" errors={errors}>
              <OptionSelect locale={l} name="type" values={activityTypes} prefix="community.type" selected={values.type} errors={errors} />
            </Field>
            <Field locale={l} name="title" label="community.field.title" errors={errors}>
              <input id="title" name="title" value={values.title ?? ''} required maxlength={300} {...invalid(errors, 'title')} />
            </Field>
            <Field locale={l} name="occurredOn" label="community.field.day" errors={errors}>
              <input id="occurredOn" name="occurredOn" type="date" max={props.today} value={values.occurredOn ?? ''} required {...invalid(errors, 'occurredOn')} />
            </Field>
            <Field locale={l} name="url" label="community.field.link" errors={errors}>
              <input id="url" name="url" type="url" value={values.url ?? ''} required {...invalid(errors, 'url')} />
            </Field>
            <Field locale={l} name="region" label="community.field.region" errors={errors}>
              <OptionSelect locale={l} name="region" values={regions} prefix="community.region" selected={values.region} errors={errors} placeholder />
            </Field>
            <Field locale={l} name="groupId" label="community.field.group" errors={errors}>
              <select id="groupId" name="groupId" {...invalid(errors, 'groupId')}>
                <option value="">{t(l, 'community.field.noGroup')}</option>
                {props.groups.map((g) => (
                  <option value={g.id} selected={g.id === values.groupId}>
                    {g.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field locale={l} name="audienceSize" label="community.field.audience" errors={errors}>
              <input id="audienceSize" name="audienceSize" inputmode="numeric" value={values.audienceSize ?? ''} {...invalid(errors, 'audienceSize')} />
            </Field>
            <button type="submit">{t(l, 'community.ledger.log')}</button>
          </form>
        </section>
      ) : null}
      {props.entries.length === 0 ? (
        <p>{t(l, 'community.ledger.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, 'community.field.day')}</th>
              {props.mine ? null : <th scope="col">{t(l, 'community.ledger.who')}</th>}
              <th scope="col">{t(l, 'community.field.type')}</th>
              <th scope="col">{t(l, 'community.field.title')}</th>
              <th scope="col">{t(l, 'community.field.region')}</th>
              <th scope="col">{t(l, 'community.field.group')}</th>
              <th scope="col">{t(l, 'community.ledger.confirmed')}</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr>
                <td>{e.day}</td>
                {props.mine ? null : (
                  <td>
                    <a href={`/people/${e.personHandle}`}>{e.personName}</a>
                  </td>
                )}
                <td>
                  {typeLabel(l, e.type)} {e.source === 'imported' ? <span class="badge">{t(l, 'community.ledger.imported')}</span> : null}
                </td>
                <td>{e.url ? <a href={e.url} rel="nofollow noopener">{e.title}</a> : e.title}</td>
                <td>{e.region ? t(l, `community.region.${e.region}` as 'community.region.europe') : ''}</td>
                <td>{e.groupName ?? ''}</td>
                <td>
                  {e.source === 'imported' ? (
                    ''
                  ) : e.confirmed ? (
                    t(l, 'community.ledger.confirmed')
                  ) : frame.isManager ? (
                    <form method="post" action={`${base}/activities/${e.id}/confirm`} class="inline-form">
                      <Csrf token={frame.csrf} />
                      <button type="submit">{t(l, 'community.ledger.confirm')}</button>
                    </form>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.next || props.prev ? (
        <nav class="pager" aria-label={t(l, 'community.ledger.pages')}>
          {props.prev ? (
            <a href={`${base}/activities?before=${encodeURIComponent(props.prev)}`} rel="prev">
              {t(l, 'community.ledger.newer')}
            </a>
          ) : null}{' '}
          {props.next ? (
            <a href={`${base}/activities?after=${encodeURIComponent(props.next)}`} rel="next">
              {t(l, 'community.ledger.more')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </CommunityShell>
  )
}
