import { renderMarkdown } from '../../../lib/markdown.ts'
import { t, type Locale } from '../../../ui/i18n.ts'
import { variableAbout } from './describe.ts'

/** A variable a template may use: its name, what it means, a sample value for previews, and whether it is a link. */
export interface TemplateVariable {
  name: string
  description: string
  sample: string
  /** A URL: linked in the HTML part, and only http(s) or mailto values are accepted. */
  url?: boolean
  /** The message is of no use without it (the link to answer an offer…): a wording without it is refused. */
  required?: boolean
}

const TOKEN = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g

/**
 * Problems with a template source: `{{` that does not name a variable, and variables the template does not
 * know (so a typo is refused when the template is saved, never discovered by a recipient); in `locale`, English by default.
 */
export function templateProblems(source: string, allowed: readonly TemplateVariable[], locale: Locale = 'en'): string[] {
  const problems: string[] = []
  const known = new Set(allowed.map((v) => v.name))
  const unknown = new Set<string>()
  for (const m of source.matchAll(TOKEN)) if (!known.has(m[1]!)) unknown.add(m[1]!)
  for (const name of unknown) {
    problems.push(t(locale, 'mailTemplates.error.unknownVariable', { name, known: allowed.map((v) => `{{${v.name}}}`).join(', ') || t(locale, 'mailTemplates.error.noVariables') }))
  }
  // What is left once every well-formed token is removed must not open or close one.
  const rest = source.replace(TOKEN, '')
  if (rest.includes('{{') || rest.includes('}}')) problems.push(t(locale, 'mailTemplates.error.strayBraces'))
  return problems
}

/**
 * The required variables a wording (subject and body together) leaves out, as messages: "The message must
 * contain {{link}} (the page where …)." (in `locale`, English by default).
 */
export function missingRequired(wording: { subject: string; body: string }, allowed: readonly TemplateVariable[], locale: Locale = 'en'): string[] {
  const used = new Set([...usedVariables(wording.subject), ...usedVariables(wording.body)])
  return allowed.filter((v) => v.required && !used.has(v.name)).map((v) => t(locale, 'mailTemplates.error.missingRequired', { name: v.name, description: variableAbout(locale, v.description) }))
}

/** The variables a template source uses, in order of first use. */
export function usedVariables(source: string): string[] {
  return [...new Set([...source.matchAll(TOKEN)].map((m) => m[1]!))]
}

/** Fills `{{name}}` with the values as they are (plain-text contexts: the text part, the subject). */
export function fillText(source: string, vars: Record<string, string>): string {
  return source.replace(TOKEN, (_, name: string) => vars[name] ?? '')
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** Whether a value may stand in an href: http(s) and mailto only. */
export function isSafeUrl(value: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(value)
}

/** Markdown links as "label: url" for the plain-text part, which mail clients show without markup. */
export function plainLinks(text: string): string {
  return text.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => (label === url ? url : `${label}: ${url}`))
}

/**
 * Renders a Markdown template to an HTML fragment. The Markdown is rendered first, with the placeholders still
 * in it, and the values are put in afterwards, escaped for where they land: a value can never add markup or
 * Markdown (a name like "[x](javascript:…)" stays text), and raw HTML in the template itself is not rendered.
 */
export function renderHtmlFragment(source: string, vars: Record<string, string>, variables: readonly TemplateVariable[]): string {
  const urlVars = new Set(variables.filter((v) => v.url).map((v) => v.name))
  const html = renderMarkdown(source)
  return (
    html
      // In an href, markdown-it percent-encodes the braces.
      .replace(/%7B%7B\s*([A-Za-z][A-Za-z0-9_]*)\s*%7D%7D/g, (_, name: string) => {
        const value = vars[name] ?? ''
        return escapeHtml(isSafeUrl(value) ? value : '#')
      })
      .replace(TOKEN, (_, name: string) => {
        const value = vars[name] ?? ''
        if (urlVars.has(name) && isSafeUrl(value)) return `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>`
        return escapeHtml(value)
      })
  )
}

/** The complete HTML part around a fragment. */
export function htmlDocument(locale: string, subject: string, fragment: string): string {
  return `<!DOCTYPE html>\n<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>\n${fragment}</body></html>\n`
}
