import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { eq, inArray } from 'drizzle-orm'
import { describeDb } from '../../tests/support/db.ts'
import { runCommand } from '../../tests/support/command-io.ts'
import { uniqueSlug } from '../../tests/support/factories.ts'
import { createApp } from '../app.tsx'
import { auditLog } from '../features/audit/schema.ts'
import { cohorts, communities, programs, requirements } from '../features/programs/schema.ts'
import { communityDefineCommand } from './community-define.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-define-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const example = JSON.parse(fs.readFileSync('docs/examples/community.json', 'utf8'))

/** The example definition under another community slug, changed by `edit`, written to a file. */
function definitionFile(slug: string, edit: (def: any) => void = () => {}, raw?: string): string {
  const def = structuredClone(example)
  def.community.slug = slug
  edit(def)
  const file = path.join(dir, `${slug}.json`)
  fs.writeFileSync(file, raw ?? JSON.stringify(def, null, 2))
  return file
}

describeDb('embassy community define', (ctx) => {
  const count = async (slug: string) => (await ctx().db.select({ id: communities.id }).from(communities).where(eq(communities.slug, slug))).length

  it('creates the example community, its program, catalogue and cohort, audited, and prints them with their paths', async () => {
    const slug = uniqueSlug('tide')
    const run = await runCommand(communityDefineCommand, ctx(), { file: definitionFile(slug) })
    expect(run.err).toEqual([])
    expect(run.code).toBe(0)
    expect(run.out[0]).toBe(`created community ${slug} (Tidewater): /c/${slug}`)
    expect(run.out).toContain(`  program ambassadors (Tidewater Ambassador Program): /c/${slug}/programs/ambassadors, managed at /admin/c/${slug}/programs/ambassadors`)
    expect(run.out.join('\n')).toMatch(/cohort 2027 \(Tidewater Ambassadors 2027\): 20 seats, 4 phases \(Etc\/GMT\+12\), id [0-9a-f-]{36}/)
    const [program] = await ctx().db.select().from(programs).innerJoin(communities, eq(communities.id, programs.communityId)).where(eq(communities.slug, slug))
    expect(program!.programs.requirementsAtLeast).toBe(2)
    expect(await ctx().db.select().from(requirements).where(eq(requirements.programId, program!.programs.id))).toHaveLength(5)
    expect(await ctx().db.select().from(cohorts).where(eq(cohorts.programId, program!.programs.id))).toHaveLength(1)
    const audit = await ctx().db.select().from(auditLog).where(inArray(auditLog.entityId, [program!.communities.id, program!.programs.id]))
    expect(audit.map((a) => [a.action, a.actor]).sort()).toEqual([['community.define', 'cli'], ['program.define', 'cli']])
    const page = await createApp(ctx()).request(`/c/${slug}/programs/ambassadors`)
    expect(page.status).toBe(200)
  })

  it('prints each schema problem with its JSON path, exits 2 and writes nothing', async () => {
    const slug = uniqueSlug('tide')
    const file = definitionFile(slug, (def) => {
      def.programs[0].requirements[2].threshold = -1
      def.programs[0].cohorts[0].phases[1].until = '2027-04-31'
      def.programs[0].questions.push({ ...def.programs[0].questions[0] })
      def.community.websiteUrl = 'ftp://x'
    })
    const run = await runCommand(communityDefineCommand, ctx(), { file })
    expect(run.code).toBe(2)
    expect(run.err[0]).toBe(`community define: ${file}: 4 problems; nothing was written:`)
    expect(run.err).toEqual(
      expect.arrayContaining([
        '  programs[0].requirements[2].threshold: Too small: expected number to be >0',
        '  programs[0].cohorts[0].phases[1].until: must be a real date written YYYY-MM-DD',
        '  programs[0].questions[2].key: “why” is used twice in questions: each needs its own key',
        '  community.websiteUrl: must be an http(s) URL',
      ]),
    )
    expect(await count(slug)).toBe(0)
  })

  it('says where a file is not JSON (line and column), and when it cannot be read', async () => {
    const bad = definitionFile(uniqueSlug('tide'), undefined, '{\n  "community": {\n    "slug": "x",\n  }\n}\n')
    const run = await runCommand(communityDefineCommand, ctx(), { file: bad })
    expect([run.code, run.err]).toEqual([2, [`community define: ${bad}: not valid JSON: line 4, column 3: Expected double-quoted property name`]])
    const missing = path.join(dir, 'nothing-here.json')
    expect(await runCommand(communityDefineCommand, ctx(), { file: missing })).toEqual({ code: 2, out: [], err: [`community define: ${missing}: cannot be read (there is no such file)`] })
    expect((await runCommand(communityDefineCommand, ctx(), { file: dir })).err).toEqual([`community define: ${dir}: cannot be read (it is a folder, not a file)`])
  })

  it('refuses a community slug that exists with exit 1, writing nothing', async () => {
    const slug = uniqueSlug('tide')
    expect((await runCommand(communityDefineCommand, ctx(), { file: definitionFile(slug) })).code).toBe(0)
    const [before] = await ctx().db.select({ id: communities.id }).from(communities).where(eq(communities.slug, slug))
    const again = await runCommand(communityDefineCommand, ctx(), {
      file: definitionFile(slug, (def) => {
        def.community.name = 'Tidewater again'
        def.programs[0].slug = 'envoys'
      }),
    })
    expect(again).toEqual({ code: 1, out: [], err: [`community define: A community with the slug “${slug}” exists already; choose another slug. Nothing was written.`] })
    const rows = await ctx().db.select({ name: communities.name }).from(communities).where(eq(communities.slug, slug))
    expect(rows).toEqual([{ name: 'Tidewater' }])
    expect(await ctx().db.select().from(programs).where(eq(programs.communityId, before!.id))).toHaveLength(1)
  })
})
