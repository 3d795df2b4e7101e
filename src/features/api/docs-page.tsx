import type { OpenAPIHono } from '@hono/zod-openapi'
import { Layout } from '../../ui/layout.tsx'
import { problemTypes } from './problems.ts'

/** The OpenAPI 3.1 document as OpenAPIHono generates it. */
export type OpenApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>

/** The parts of a JSON Schema (OpenAPI 3.1 dialect) the page reads. */
interface Schema {
  $ref?: string
  type?: string | string[]
  format?: string
  description?: string
  enum?: unknown[]
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  additionalProperties?: boolean | Schema
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  maxItems?: number
  default?: unknown
  example?: unknown
}

interface Parameter {
  name: string
  in: string
  required?: boolean
  description?: string
  schema?: Schema
}

interface Operation {
  summary?: string
  description?: string
  tags?: string[]
  security?: Record<string, string[]>[]
  parameters?: Parameter[]
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> }
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>
}

/** One row of a field table: a dotted path into a JSON body. */
export interface FieldRow {
  name: string
  type: string
  required: boolean
  description: string
}

const methods = ['get', 'put', 'post', 'patch', 'delete'] as const

/** Follows a local `$ref` ("#/components/schemas/Name"). */
function resolve(schema: Schema | undefined, doc: OpenApiDocument): Schema {
  let s = schema ?? {}
  for (let i = 0; i < 10 && s.$ref; i++) {
    const name = s.$ref.replace('#/components/schemas/', '')
    s = ((doc.components?.schemas as Record<string, Schema> | undefined)?.[name] ?? {}) as Schema
  }
  return s
}

/** The schema without its "or null" alternative, and whether it had one. */
function unwrapNullable(schema: Schema, doc: OpenApiDocument): { schema: Schema; nullable: boolean } {
  const s = resolve(schema, doc)
  const alternatives = s.anyOf ?? s.oneOf
  if (alternatives) {
    const rest = alternatives.filter((a) => resolve(a, doc).type !== 'null')
    if (rest.length === 1 && rest.length < alternatives.length) return { schema: { ...resolve(rest[0], doc), description: s.description ?? resolve(rest[0], doc).description }, nullable: true }
  }
  if (Array.isArray(s.type) && s.type.includes('null')) {
    const types = s.type.filter((t) => t !== 'null')
    return { schema: { ...s, type: types.length === 1 ? types[0] : types }, nullable: true }
  }
  return { schema: s, nullable: false }
}

/** A short, readable type: "string (date-time)", "one of: a, b", "array of EvidenceInput", "string or null". */
export function describeType(schema: Schema | undefined, doc: OpenApiDocument): string {
  if (!schema) return 'any'
  const { schema: s, nullable } = unwrapNullable(schema, doc)
  let label: string
  if (s.enum) label = `one of: ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`
  else if (s.anyOf || s.oneOf) label = (s.anyOf ?? s.oneOf)!.map((a) => describeType(a, doc)).join(' or ')
  else if (s.type === 'array') label = `array of ${describeType(s.items, doc)}${s.maxItems !== undefined ? ` (at most ${s.maxItems})` : ''}`
  else if (s.type === 'object' && !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') label = `object of key → ${describeType(s.additionalProperties, doc)}`
  else if (s.type === 'object' || s.properties) label = 'object'
  else {
    const base = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any')
    const details = [s.format, s.minimum !== undefined ? `≥ ${s.minimum}` : '', s.maximum !== undefined ? `≤ ${s.maximum}` : '', s.minLength ? `${s.minLength}–${s.maxLength ?? '…'} characters` : ''].filter(Boolean)
    label = details.length ? `${base} (${details.join(', ')})` : base
  }
  return nullable ? `${label} or null` : label
}

/** Every field of an object schema, nested objects and arrays of objects flattened into dotted names. */
export function fieldRows(schema: Schema | undefined, doc: OpenApiDocument, prefix = '', depth = 0): FieldRow[] {
  const s = unwrapNullable(schema ?? {}, doc).schema
  if (!s.properties || depth > 4) return []
  const required = new Set(s.required ?? [])
  const rows: FieldRow[] = []
  for (const [key, property] of Object.entries(s.properties)) {
    const name = `${prefix}${key}`
    const inner = unwrapNullable(property, doc).schema
    rows.push({ name, type: describeType(property, doc), required: required.has(key), description: resolve(property, doc).description ?? inner.description ?? '' })
    if (inner.properties) rows.push(...fieldRows(inner, doc, `${name}.`, depth + 1))
    else if (inner.type === 'array' && inner.items) rows.push(...fieldRows(inner.items, doc, `${name}[].`, depth + 1))
  }
  return rows
}

/** Every operation of the document, in its order: method, path and the operation object. */
export function listOperations(doc: OpenApiDocument): { method: string; path: string; operation: Operation }[] {
  const out: { method: string; path: string; operation: Operation }[] = []
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of methods) {
      const operation = (item as Record<string, unknown>)[method] as Operation | undefined
      if (operation) out.push({ method: method.toUpperCase(), path, operation })
    }
  }
  return out
}

const anchor = (method: string, path: string) => `op-${method.toLowerCase()}-${path.replace(/^\/api\//, '').replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+/g, '-')}`

function authenticationOf(operation: Operation): string {
  const schemes = (operation.security ?? []).flatMap((s) => Object.keys(s))
  if (!schemes.length) return 'None: public.'
  if (!schemes.includes('bearerAuth')) return 'The browser session only (signed in on the site), with the X-CSRF-Token header.'
  return 'A personal access token (Authorization: Bearer …), or the browser session (changes then need the X-CSRF-Token header).'
}

/** Text with `code` spans, as the document's descriptions write them. */
function Inline(props: { text: string | undefined }) {
  const parts = (props.text ?? '').split('`')
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>
}

function FieldTable(props: { caption: string; rows: FieldRow[] }) {
  return (
    <table>
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Required</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td>
              <code>{r.name}</code>
            </td>
            <td>{r.type}</td>
            <td>{r.required ? 'yes' : 'no'}</td>
            <td>
              <Inline text={r.description} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function OperationCard(props: { method: string; path: string; operation: Operation; doc: OpenApiDocument }) {
  const { method, path, operation, doc } = props
  const parameters = operation.parameters ?? []
  const body = operation.requestBody?.content?.['application/json']
  const bodyRows = body ? fieldRows(body.schema, doc) : []
  return (
    <section class="card" id={anchor(method, path)} aria-labelledby={`${anchor(method, path)}-h`}>
      <h3 id={`${anchor(method, path)}-h`}>
        <code>
          {method} {path}
        </code>
      </h3>
      <p>
        <strong>{operation.summary}</strong>
        {operation.description ? ' — ' : ''}
        <Inline text={operation.description} />
      </p>
      <p class="hint">Authentication: {authenticationOf(operation)}</p>
      {parameters.length ? (
        <>
          <h4>Parameters</h4>
          <table>
            <caption class="visually-hidden">Parameters of {method} {path}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">In</th>
                <th scope="col">Type</th>
                <th scope="col">Required</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {parameters.map((p) => (
                <tr>
                  <td>
                    <code>{p.name}</code>
                  </td>
                  <td>{p.in}</td>
                  <td>{describeType(p.schema, doc)}</td>
                  <td>{p.required ? 'yes' : 'no'}</td>
                  <td>
                    <Inline text={p.description ?? resolve(p.schema, doc).description} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {body ? (
        <>
          <h4>Request body (application/json{operation.requestBody?.required ? ', required' : ''})</h4>
          {bodyRows.length ? <FieldTable caption={`Request body of ${method} ${path}`} rows={bodyRows} /> : <p>{describeType(body.schema, doc)}</p>}
        </>
      ) : null}
      <h4>Responses</h4>
      <ul>
        {Object.entries(operation.responses ?? {}).map(([status, response]) => (
          <li>
            <strong>{status}</strong> <Inline text={response.description} />
            {response.content ? <span class="muted"> ({Object.keys(response.content).join(', ')})</span> : null}
          </li>
        ))}
      </ul>
      {Object.entries(operation.responses ?? {})
        .filter(([status, response]) => status.startsWith('2') && response.content?.['application/json'])
        .map(([status, response]) => (
          <details>
            <summary>Fields of the {status} response</summary>
            <FieldTable caption={`Fields of the ${status} response of ${method} ${path}`} rows={fieldRows(response.content!['application/json']!.schema, doc)} />
          </details>
        ))}
    </section>
  )
}

/** The API reference, generated from the OpenAPI document: plain HTML, no scripts. */
export function DocsPage(props: { document: OpenApiDocument }) {
  const doc = props.document
  const operations = listOperations(doc)
  const tags = [...(doc.tags ?? []).map((t) => t.name), ...operations.flatMap((o) => o.operation.tags ?? [])].filter((t, i, all) => all.indexOf(t) === i)
  const untagged = operations.filter((o) => !o.operation.tags?.length)
  const base = doc.servers?.[0]?.url ?? ''
  return (
    <Layout meta={{ title: `${doc.info.title} · version ${doc.info.version}`, description: 'Reference of the Embassy JSON API.' }}>
      <div class="prose">
        <h1>{doc.info.title}</h1>
        <p class="lede">
          <Inline text={doc.info.description} />
        </p>
        <p>
          Version {doc.info.version}. The machine-readable description is the <a href="/api/openapi.json">OpenAPI {doc.openapi} document</a>.
        </p>
      </div>

      <section class="card" aria-labelledby="start">
        <h2 id="start">Getting started</h2>
        <ol>
          <li>
            Sign in on this site and create a token on your account page (<a href="/account/tokens">/account/tokens</a>). Or, from a page of the site, ask for
            one with your session: read the <code>X-CSRF-Token</code> header of <code>GET /api/v1/me</code> and send it back with{' '}
            <code>POST /api/v1/tokens</code> and a body such as <code>{'{"name": "my script", "expiresInDays": 90, "scope": "read"}'}</code>. The token is
            shown once; only its SHA-256 is stored. A <code>read</code> token may only send GET and HEAD requests (anything else is a 403); a{' '}
            <code>write</code> token may do whatever you may.
          </li>
          <li>
            Scripts then send it on every request:
            <pre>
              <code>{`curl -H "Authorization: Bearer emb_…" ${base}/api/v1/me`}</code>
            </pre>
          </li>
          <li>
            Revoke a token you no longer need on your account page, or with <code>DELETE /api/v1/tokens/{'{id}'}</code>.
          </li>
        </ol>
      </section>

      <nav class="card" aria-labelledby="operations">
        <h2 id="operations">Operations</h2>
        <ul>
          {operations.map((o) => (
            <li>
              <a href={`#${anchor(o.method, o.path)}`}>
                <code>
                  {o.method} {o.path}
                </code>
              </a>{' '}
              — {o.operation.summary}
            </li>
          ))}
        </ul>
      </nav>

      {tags.map((tag) => (
        <section aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          {doc.tags?.find((t) => t.name === tag)?.description ? <p class="muted">{doc.tags.find((t) => t.name === tag)!.description}</p> : null}
          {operations
            .filter((o) => o.operation.tags?.includes(tag))
            .map((o) => (
              <OperationCard method={o.method} path={o.path} operation={o.operation} doc={doc} />
            ))}
        </section>
      ))}
      {untagged.length ? (
        <section aria-labelledby="tag-other">
          <h2 id="tag-other">Other</h2>
          {untagged.map((o) => (
            <OperationCard method={o.method} path={o.path} operation={o.operation} doc={doc} />
          ))}
        </section>
      ) : null}

      <section class="card" aria-labelledby="problems">
        <h2 id="problems">Errors</h2>
        <p>
          Errors are RFC 9457 problem details, sent as <code>application/problem+json</code> with <code>type</code>, <code>title</code>,{' '}
          <code>status</code>, <code>detail</code> and, for invalid fields, <code>errors</code> (field → message). The <code>type</code> is one of:
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(problemTypes).map(([type, p]) => (
              <tr id={`problem-${type}`}>
                <td>
                  <code>#problem-{type}</code>
                </td>
                <td>
                  {p.status} {p.title}
                </td>
                <td>{p.about}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  )
}
