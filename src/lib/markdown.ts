import MarkdownIt from 'markdown-it'

// Raw HTML is off: Markdown written by program managers can never inject markup or script.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false })

/** Renders trusted-but-not-raw Markdown to safe HTML (no raw HTML passes, javascript: links are refused). */
export function renderMarkdown(source: string): string {
  return md.render(source)
}
