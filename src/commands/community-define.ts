import fs from 'node:fs/promises'
import type { DbCommand } from './command.ts'
import { SlugTakenError, defineCommunity } from '../features/programs/define-program.ts'
import { communityWithPrograms } from '../features/programs/forms.ts'

/** Largest definition file read (a community with its programs is a few kilobytes). */
const MAX_FILE_BYTES = 5 * 1024 * 1024

/** A JSON path as people write it: programs[0].requirements[2].threshold. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(the whole file)'
}

/** Line and column (1-based) of a character offset in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: before.at(-1)!.length + 1 }
}

/** JSON.parse's complaint with the line and column it names by offset, when it names one. */
function describeJsonError(text: string, err: Error): string {
  const at = /at position (\d+)/.exec(err.message)
  const offset = at ? Number(at[1]) : /Unexpected end of JSON input/.test(err.message) ? text.length : undefined
  const message = err.message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'Unexpected end of the file')
  if (offset === undefined) return message
  const { line, column } = lineColumn(text, offset)
  return `line ${line}, column ${column}: ${message}`
}

/** Why a file cannot be read, in one phrase. */
function unreadable(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return 'there is no such file'
  if (err.code === 'EISDIR') return 'it is a folder, not a file'
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied'
  return err.message
}

/**
 * `embassy community define FILE`: creates a community and its programs (catalogue, questions, criteria,
 * cohorts and calendars) from a JSON file `{ "community": {…}, "programs": [ … ] }`, all or nothing
 * (docs/examples/community.json). Exit 2 when the file cannot be read, is not JSON or does not fit the
 * definition (each problem printed with its JSON path); 1 when the community's slug is taken; nothing is
 * written in either case.
 */
export const communityDefineCommand: DbCommand = {
  name: 'community-define',
  async run(deps, options, io) {
    const file = typeof options.file === 'string' ? options.file : ''
    if (!file) {
      io.err('community define: give the JSON file that defines the community')
      return 2
    }
    let text: string
    try {
      const stat = await fs.stat(file)
      if (stat.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' })
      if (stat.size > MAX_FILE_BYTES) {
        io.err(`community define: ${file}: is ${stat.size.toLocaleString('en-US')} bytes; a definition is limited to ${MAX_FILE_BYTES / 1024 / 1024} MB`)
        return 2
      }
      text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '')
    } catch (err) {
      io.err(`community define: ${file}: cannot be read (${unreadable(err as NodeJS.ErrnoException)})`)
      return 2
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (err) {
      io.err(`community define: ${file}: not valid JSON: ${describeJsonError(text, err as Error)}`)
      return 2
    }
    const parsed = communityWithPrograms.safeParse(json)
    if (!parsed.success) {
      const n = parsed.error.issues.length
      io.err(`community define: ${file}: ${n === 1 ? 'one problem' : `${n} problems`}; nothing was written:`)
      for (const issue of parsed.error.issues) io.err(`  ${jsonPath(issue.path)}: ${issue.message}`)
      return 2
    }
    let defined
    try {
      defined = await defineCommunity(deps.db, parsed.data, 'cli')
    } catch (err) {
      if (err instanceof SlugTakenError) {
        io.err(`community define: ${err.message} Nothing was written.`)
        return 1
      }
      throw err
    }
    const { community, programs } = parsed.data
    io.out(`created community ${community.slug} (${community.name}): /c/${community.slug}`)
    for (const program of programs) {
      io.out(`  program ${program.slug} (${program.name}): /c/${community.slug}/programs/${program.slug}, managed at /admin/c/${community.slug}/programs/${program.slug}`)
      io.out(`    ${program.requirements.length} requirements, ${program.questions.length} questions, ${program.criteria.length} criteria`)
      for (const cohort of program.cohorts) {
        io.out(`    cohort ${cohort.slug} (${cohort.title}): ${cohort.seats} seats, ${cohort.phases.length === 1 ? 'one phase' : `${cohort.phases.length} phases`} (${cohort.timeZone}), id ${defined.programs[program.slug]!.cohorts[cohort.slug]!.cohortId}`)
      }
    }
    if (!programs.length) io.out(`  no program yet: add one at /admin/c/${community.slug}/programs/new`)
    return 0
  },
}
