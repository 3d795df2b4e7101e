import { t, type MessageKey } from '../../../ui/i18n.ts'
import type { FeedbackListing, FeedbackThemes } from '../feedback/queries.ts'
import { HorizontalBars, palette } from '../dashboards/charts.tsx'
import { feedbackKinds } from '../schema.ts'
import { CommunityShell, programBase, type ProgramFrame } from './shell.tsx'
import { Csrf, ErrorSummary, Field, invalid, OptionSelect, type FieldErrors } from './fields.tsx'

/** What the feedback page shows. */
export interface FeedbackPageProps {
  frame: ProgramFrame
  items: FeedbackListing[]
  /** Cursors of the following and preceding pages, when there are more items that way. */
  next?: string
  prev?: string
  themes: FeedbackThemes
  /** Approved groups the viewer is liaison of (they report and vote for these). */
  groups: { id: string; name: string }[]
  values: Record<string, string>
  errors: FieldErrors
  notice?: string
}

/** Feedback from user groups: the report form, the aggregated themes, and the items most raised first. */
export function FeedbackPage(props: FeedbackPageProps) {
  const { frame, values, errors, themes } = props
  const l = frame.locale
  const base = programBase(frame)
  const kind = (k: string) => t(l, `community.kind.${k}` as MessageKey)
  const region = (r: string) => t(l, `community.region.${r}` as MessageKey)
  const months = [...new Set(themes.byMonth.map((m) => m.month))].sort()
  return (
    <CommunityShell frame={frame} title={t(l, 'community.feedback.title', { program: frame.program.name })} current={`${base}/feedback`}>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <section class="card" aria-labelledby="report-heading">
        <h2 id="report-heading">{t(l, 'community.feedback.submit')}</h2>
        {props.groups.length === 0 ? (
          <>
            {/* A refused report or vote from someone without a group: no form to hang the messages on, so list them. */}
            <ErrorSummary locale={l} errors={errors} />
            {Object.entries(errors).map(([name, key]) => (
              <p class="field-error" id={`${name}-error`}>
                {t(l, key as MessageKey)}
              </p>
            ))}
            <p>{t(l, 'community.feedback.noGroup')}</p>
          </>
        ) : (
          <>
            <ErrorSummary locale={l} errors={errors} />
            <form method="post" action={`${base}/feedback`} novalidate>
              <Csrf token={frame.csrf} />
              <Field locale={l} name="groupId" label="community.field.group" errors={errors}>
                <select id="groupId" name="groupId" {...invalid(errors, 'groupId')}>
                  {props.groups.map((g) => (
                    <option value={g.id} selected={g.id === values.groupId}>
                      {g.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field locale={l} name="text" label="community.field.text" errors={errors}>
                <textarea id="text" name="text" rows={4} required {...invalid(errors, 'text')}>
                  {values.text ?? ''}
                </textarea>
              </Field>
              <Field locale={l} name="productArea" label="community.field.area" errors={errors}>
                <input id="productArea" name="productArea" value={values.productArea ?? ''} required {...invalid(errors, 'productArea')} />
              </Field>
              <Field locale={l} name="kind" label="community.field.kind" errors={errors}>
                <OptionSelect locale={l} name="kind" values={feedbackKinds} prefix="community.kind" selected={values.kind} errors={errors} />
              </Field>
              <button type="submit">{t(l, 'community.form.save')}</button>
            </form>
          </>
        )}
      </section>
      <p>
        {t(l, 'community.feedback.export')} <a href={`${base}/feedback.csv`}>CSV</a> · <a href={`${base}/feedback.json`}>JSON</a>
      </p>
      <h2>{t(l, 'community.feedback.themes')}</h2>
      <HorizontalBars
        id="themes"
        title={t(l, 'community.feedback.themes')}
        description={t(l, 'community.feedback.themesDesc')}
        items={themes.top.map((theme) => ({ label: `${theme.productArea} · ${kind(theme.kind)}`, value: theme.weight, color: palette[feedbackKinds.indexOf(theme.kind as never)] }))}
      />
      <h3>{t(l, 'community.feedback.byRegion')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t(l, 'community.field.area')}</th>
            <th scope="col">{t(l, 'community.field.region')}</th>
            <th scope="col">{t(l, 'community.dashboard.count')}</th>
          </tr>
        </thead>
        <tbody>
          {themes.byRegion.map((r) => (
            <tr>
              <td>{r.productArea}</td>
              <td>{region(r.region)}</td>
              <td>{r.weight}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t(l, 'community.feedback.byMonth')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t(l, 'community.field.area')}</th>
            {months.map((m) => (
              <th scope="col">{m}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...new Set(themes.byMonth.map((m) => m.productArea))].map((area) => (
            <tr>
              <th scope="row">{area}</th>
              {months.map((m) => (
                <td>{themes.byMonth.find((x) => x.productArea === area && x.month === m)?.weight ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t(l, 'community.feedback.items')}</h2>
      {props.items.length === 0 ? <p>{t(l, 'community.feedback.empty')}</p> : null}
      <ol>
        {props.items.map((item) => (
          <li id={`feedback-${item.id}`} class="card">
            <p>
              <span class="badge">{kind(item.kind)}</span> <strong>{item.productArea}</strong> — {item.groupName} ({region(item.region)}), {item.createdAt.slice(0, 10)}
            </p>
            <p>{item.text}</p>
            <p class="muted">
              {t(l, 'community.feedback.votes', { n: item.votes })} · <a href={`${base}/feedback#feedback-${item.id}`}>#{item.id}</a>
            </p>
            {props.groups.some((g) => g.name !== item.groupName) ? (
              <form method="post" action={`${base}/feedback/${item.id}/votes`} class="inline-form">
                <Csrf token={frame.csrf} />
                <select name="groupId" aria-label={t(l, 'community.field.group')}>
                  {props.groups.map((g) => (
                    <option value={g.id}>{g.name}</option>
                  ))}
                </select>{' '}
                <button type="submit">{t(l, 'community.feedback.vote')}</button>
              </form>
            ) : null}
            {frame.isManager ? (
              <form method="post" action={`${base}/feedback/${item.id}/merge`} class="inline-form">
                <Csrf token={frame.csrf} />
                <label for={`dup-${item.id}`}>{t(l, 'community.feedback.mergeInto')}</label>{' '}
                <input id={`dup-${item.id}`} name="duplicateOf" size={36} /> <button type="submit">{t(l, 'community.feedback.merge')}</button>
              </form>
            ) : null}
          </li>
        ))}
      </ol>
      {props.next || props.prev ? (
        <nav class="pager" aria-label={t(l, 'community.feedback.pages')}>
          {props.prev ? (
            <a href={`${base}/feedback?before=${encodeURIComponent(props.prev)}`} rel="prev">
              {t(l, 'community.feedback.newer')}
            </a>
          ) : null}{' '}
          {props.next ? (
            <a href={`${base}/feedback?after=${encodeURIComponent(props.next)}`} rel="next">
              {t(l, 'community.feedback.more')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </CommunityShell>
  )
}
