/** One labelled text input or textarea with its inline error, linked for screen readers. */
export function TextField(p: {
  name: string
  label: string
  value: string | undefined
  error: string | undefined
  multiline?: boolean
  rows?: number
  type?: string
  /** Marks the label with an asterisk as well as the input with `required`. */
  starred?: boolean
}) {
  const aria = p.error ? { 'aria-invalid': 'true', 'aria-describedby': `${p.name}-error` } : {}
  return (
    <div class="field">
      <label for={p.name}>
        {p.label}
        {p.starred ? ' *' : ''}
      </label>
      {p.multiline ? (
        <textarea id={p.name} name={p.name} rows={p.rows ?? 6} required {...aria}>
          {p.value ?? ''}
        </textarea>
      ) : (
        <input id={p.name} name={p.name} type={p.type ?? 'text'} value={p.value ?? ''} required {...aria} />
      )}
      {p.error ? (
        <p class="field-error" id={`${p.name}-error`}>
          {p.error}
        </p>
      ) : null}
    </div>
  )
}

/** What a page says was done (a status screen readers announce politely); nothing when there is nothing to say. */
export function Notice(p: { text: string | undefined | null | false }) {
  return p.text ? (
    <p class="notice" role="status">
      {p.text}
    </p>
  ) : null
}
