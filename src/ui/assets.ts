import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

/** The stylesheet of every page, read once; its URL carries a content hash so it can be cached forever. */
export const stylesheet = readFileSync(new URL('./styles.css', import.meta.url), 'utf8')
/** Content hash in the stylesheet URL. */
export const stylesheetHash = createHash('sha256').update(stylesheet).digest('hex').slice(0, 12)
/** Path of the stylesheet. */
export const stylesheetPath = `/assets/app.${stylesheetHash}.css`

/** A stylesheet that sets a community's brand colours (served as a file: the CSP forbids inline styles). */
export function themeStylesheet(primary: string, accent: string): string {
  return `:root{--brand:${safeColour(primary, '#1f4e79')};--accent:${safeColour(accent, '#0b7a5c')}}\n`
}

function safeColour(value: string, fallback: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(value) ? value : fallback
}

/** The application form's script (autosave and the live eligibility summary). */
export const applyScript = readFileSync(new URL('./apply.js', import.meta.url), 'utf8')
