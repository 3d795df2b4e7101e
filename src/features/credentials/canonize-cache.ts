import jsonld from 'jsonld'
import * as rdfCanonize from 'rdf-canonize'
import { BUNDLED_CONTEXTS } from './document-loader.ts'

/**
 * RDFC-1.0 canonicalisation of JSON-LD with the JSON-LD → RDF step done once per document *shape*.
 *
 * Credentials of one kind differ only in their string values, yet expanding them (context processing,
 * term resolution) is most of the work of eddsa-rdfc-2022. So a shape (the JSON with its string values
 * blanked, except keywords, `type` values and `@context`) is converted to RDF once with a unique placeholder
 * IRI in place of each string; later documents of the same shape substitute their values into those quads
 * and only run the canonicalisation proper. A value is substituted only where the result is certainly what
 * jsonld.toRDF would give (literal positions; absolute IRIs in IRI positions); anything else takes the
 * standard path, as do shapes that fail to convert. Tests compare both paths on many documents.
 */

type Term = { termType: string; value: string; datatype?: { termType: string; value: string }; language?: string }
type Quad = { subject: Term; predicate: Term; object: Term; graph: Term }

interface Template {
  quads: Quad[]
  /** For each placeholder index: whether it appears as an IRI (subject or object node) rather than a literal. */
  iriPosition: boolean[]
}

const PLACEHOLDER = 'urn:x-embassy-placeholder:'
const KEPT_KEYS = new Set(['type', 'cryptosuite', 'proofPurpose', 'statusPurpose', 'achievementType', 'identityType'])
// jsonld.js's own test for an absolute IRI; a scheme that is also a term of a bundled context could be
// read as a compact IRI, so those take the standard path.
const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+\-.]*):[^\s]*$/
const TERMS = collectTerms()
const MAX_SHAPES = 64

const templates = new Map<string, Promise<Template | null>>()

function collectTerms(): Set<string> {
  const terms = new Set<string>()
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk)
    if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        terms.add(k)
        walk(child)
      }
    }
  }
  for (const doc of BUNDLED_CONTEXTS.values()) walk(doc)
  return terms
}

/** The shape key of a document, and its substitutable string values in traversal order. */
function shapeOf(doc: unknown): { key: string; values: string[]; template: unknown } {
  const values: string[] = []
  const strip = (v: unknown, keep: boolean): unknown => {
    if (typeof v === 'string') {
      if (keep) return v
      values.push(v)
      return `${PLACEHOLDER}${values.length - 1}`
    }
    if (Array.isArray(v)) return v.map((x) => strip(x, keep))
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, child] of Object.entries(v)) out[k] = strip(child, keep || k.startsWith('@') || KEPT_KEYS.has(k))
      return out
    }
    return v
  }
  const template = strip(doc, false)
  // Placeholders are numbered, so the template text itself is the shape key.
  return { key: JSON.stringify(template), values, template }
}

async function buildTemplate(template: unknown, count: number, options: Record<string, unknown>): Promise<Template | null> {
  try {
    const quads = (await jsonld.toRDF(template, options)) as Quad[]
    const iriPosition = new Array<boolean>(count).fill(false)
    const seen = new Array<boolean>(count).fill(false)
    const mark = (t: Term, iri: boolean) => {
      if (!t.value.startsWith(PLACEHOLDER)) return
      const i = Number(t.value.slice(PLACEHOLDER.length))
      seen[i] = true
      if (iri) iriPosition[i] = true
    }
    for (const q of quads) {
      // A placeholder in a predicate or a datatype would mean a string chose a property: not substitutable.
      if (q.predicate.value.startsWith(PLACEHOLDER) || q.object.datatype?.value.startsWith(PLACEHOLDER)) return null
      mark(q.subject, true)
      mark(q.object, q.object.termType === 'NamedNode')
      if (q.object.termType === 'Literal' && q.object.value.includes(PLACEHOLDER) && !q.object.value.startsWith(PLACEHOLDER)) return null
    }
    // Every string must reappear whole: otherwise jsonld transformed or dropped it, and so might the real value.
    return seen.every(Boolean) ? { quads, iriPosition } : null
  } catch {
    return null
  }
}

function substitute(t: Term, values: string[]): Term {
  if (!t.value.startsWith(PLACEHOLDER)) return t
  return { ...t, value: values[Number(t.value.slice(PLACEHOLDER.length))]! }
}

const quadKey = (q: Quad) =>
  JSON.stringify([q.subject.termType, q.subject.value, q.predicate.value, q.object.termType, q.object.value, q.object.datatype?.value, q.object.language, q.graph.termType, q.graph.value])

/** Standard eddsa-rdfc-2022 canonicalisation (what @digitalbazaar/eddsa-rdfc-2022-cryptosuite does). */
export async function canonizeStandard(input: unknown, options: Record<string, unknown>): Promise<string> {
  const o = { algorithm: 'RDFC-1.0', format: 'application/n-quads', base: null, safe: true, ...options }
  const toRdf: Record<string, unknown> = { rdfDirection: 'i18n-datatype', ...o, produceGeneralizedRdf: false }
  delete toRdf.format
  const dataset = await jsonld.toRDF(input, toRdf)
  return rdfCanonize.canonize(dataset, o)
}

/** Canonicalises like canonizeStandard, reusing the JSON-LD → RDF conversion of documents of the same shape. */
export async function canonizeCached(input: unknown, options: Record<string, unknown>): Promise<string> {
  const o = { algorithm: 'RDFC-1.0', format: 'application/n-quads', base: null, safe: true, ...options }
  const toRdf: Record<string, unknown> = { rdfDirection: 'i18n-datatype', ...o, produceGeneralizedRdf: false }
  delete toRdf.format
  const { key, values, template } = shapeOf(input)
  let pending = templates.get(key)
  if (!pending) {
    if (templates.size >= MAX_SHAPES) templates.delete(templates.keys().next().value!)
    pending = buildTemplate(template, values.length, toRdf)
    templates.set(key, pending)
  }
  const built = await pending
  const substitutable =
    built !== null &&
    values.every((v, i) => {
      if (!built.iriPosition[i]) return true
      const scheme = ABSOLUTE_IRI.exec(v)?.[1]
      return scheme !== undefined && scheme !== '_' && !TERMS.has(scheme)
    })
  if (!built || !substitutable) return canonizeStandard(input, options)
  const unique = new Map<string, Quad>()
  for (const q of built.quads) {
    const s = { subject: substitute(q.subject, values), predicate: q.predicate, object: substitute(q.object, values), graph: q.graph }
    unique.set(quadKey(s), s)
  }
  return rdfCanonize.canonize([...unique.values()], o)
}
