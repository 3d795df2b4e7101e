// Open Badges 3.0 credentials: signatures and verifications per second through Embassy's path (the
// @digitalbazaar/vc flow with the shape-cached eddsa-rdfc-2022 cryptosuite) next to the plain @digitalbazaar/vc
// flow (stock cryptosuite) in the same run, on distinct credentials; then bulk issuance of BENCH_BULK_COUNT
// (default 5,000) memberships with PNG + PDF + credential on embedded PGlite, through `embassy issue --cohort --render`.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import pino from 'pino'
import * as vc from '@digitalbazaar/vc'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite as stockEddsa } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { buildCredential, type CredentialContent } from '../src/features/credentials/build-credential.ts'
import { offlineDocumentLoader } from '../src/features/credentials/document-loader.ts'
import { dereferenceDidUrl, didWebDocument } from '../src/features/credentials/issuer.ts'
import { signCredential } from '../src/features/credentials/sign-credential.ts'
import { verifyingSuite } from '../src/features/credentials/cryptosuite.ts'
import { log, type BenchContext } from './harness.ts'

const TARGET_RATIO = 2
const TARGET_BULK_SECONDS = 120

const did = 'did:web:ambassadors.example.org'
const content = (i: number): CredentialContent => ({
  baseUrl: 'https://ambassadors.example.org',
  credentialId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  issuerDid: did,
  community: { slug: 'kubesphere', name: 'KubeSphere', websiteUrl: 'https://kubesphere.io', logoUrl: null },
  program: { slug: 'ksap', name: 'KubeSphere Ambassador Program', summary: 'Ambassadors of KubeSphere.', roleMd: '' },
  cohort: { slug: '2023', title: '2023', year: 2023 },
  role: 'ambassador',
  recipientName: `Ambassador ${i} Canog\u0306lu`,
  validFrom: new Date('2023-09-01T00:00:00Z'),
  validUntil: new Date('2024-09-01T00:00:00Z'),
  status: { listUrl: 'https://ambassadors.example.org/credentials/status/00000000-0000-4000-8000-000000000001', index: (i * 40503) % 131072 },
})

async function rate(seconds: number, op: (i: number) => Promise<unknown>): Promise<{ ops: number; per_s: number }> {
  let i = 0
  const end = performance.now() + seconds * 1000
  const started = performance.now()
  while (performance.now() < end) await op(i++)
  return { ops: i, per_s: Math.round((i / ((performance.now() - started) / 1000)) * 10) / 10 }
}

async function signVerify(ctx: BenchContext): Promise<void> {
  const pair = await Ed25519Multikey.generate({ id: `${did}#key-1`, controller: did })
  const exported = await pair.export({ publicKey: true, secretKey: true })
  const key = { id: 'key-1', publicKeyMultibase: exported.publicKeyMultibase!, secretKeyMultibase: exported.secretKeyMultibase!, createdAt: new Date() }
  const doc = didWebDocument(did, [key])
  const documentLoader = offlineDocumentLoader((u) => dereferenceDidUrl(doc, u))
  const created = new Date('2023-09-01T00:00:00Z')
  const now = new Date('2024-01-01T00:00:00Z')
  const noStatus = async () => ({ verified: true })

  const plainSign = async (i: number) => {
    const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite: stockEddsa, date: created })
    return vc.issue({ credential: buildCredential(content(i)), suite, documentLoader })
  }
  const oursSign = (i: number) => signCredential(buildCredential(content(i)), { key, issuerDid: did, created, documentLoader })
  // Distinct credentials to verify, signed beforehand (so verification does not see the signing caches' inputs).
  const pool = await Promise.all(Array.from({ length: 400 }, (_, i) => oursSign(1_000_000 + i)))
  const plainVerify = async (i: number) => {
    const r = await vc.verifyCredential({ credential: pool[i % pool.length], suite: new DataIntegrityProof({ cryptosuite: stockEddsa }), documentLoader, now, checkStatus: noStatus })
    if (!r.verified) throw new Error('plain flow failed to verify')
  }
  const oursVerify = async (i: number) => {
    const r = await vc.verifyCredential({ credential: pool[(i + 200) % pool.length], suite: verifyingSuite(), documentLoader, now, checkStatus: noStatus })
    if (!r.verified) throw new Error('Embassy flow failed to verify')
  }
  for (const [name, op] of [
    ['plain-sign', plainSign],
    ['ours-sign', oursSign],
    ['plain-verify', plainVerify],
    ['ours-verify', oursVerify],
  ] as const) {
    await rate(ctx.warmupSeconds, op)
  }
  const plainSigned = await rate(ctx.seconds, plainSign)
  const oursSigned = await rate(ctx.seconds, (i) => oursSign(2_000_000 + i))
  const plainVerified = await rate(ctx.seconds, plainVerify)
  const oursVerified = await rate(ctx.seconds, oursVerify)
  const signRatio = Math.round((oursSigned.per_s / plainSigned.per_s) * 100) / 100
  const verifyRatio = Math.round((oursVerified.per_s / plainVerified.per_s) * 100) / 100
  ctx.emit({ bench: 'credentials', case: 'sign', embassy_per_s: oursSigned.per_s, plain_vc_per_s: plainSigned.per_s, ratio: signRatio, target_ratio: TARGET_RATIO, met: signRatio >= TARGET_RATIO })
  ctx.emit({ bench: 'credentials', case: 'verify', embassy_per_s: oursVerified.per_s, plain_vc_per_s: plainVerified.per_s, ratio: verifyRatio, target_ratio: TARGET_RATIO, met: verifyRatio >= TARGET_RATIO })
}

async function bulk(ctx: BenchContext): Promise<void> {
  const count = Number(process.env.BENCH_BULK_COUNT ?? 5000)
  if (!Number.isInteger(count) || count < 1) throw new Error('BENCH_BULK_COUNT must be a positive whole number')
  const render = process.env.BENCH_BULK_RENDER !== '0'
  const [{ openPglite }, { migrateEmbedded }, { buildDeps }, { loadConfig }, { dbCommands }, { createSigningKey }, { createPeople }, { addMemberships }, { defineCommunity }] = await Promise.all([
    import('../src/db/client.ts'),
    import('../src/db/migrate.ts'),
    import('../src/bootstrap.ts'),
    import('../src/config.ts'),
    import('../src/commands/index.ts'),
    import('../src/features/credentials/keys.ts'),
    import('../src/features/people/create-people.ts'),
    import('../src/features/memberships/add-memberships.ts'),
    import('../src/features/programs/define-program.ts'),
  ])
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-bench-credentials-'))
  const database = await openPglite()
  try {
    await migrateEmbedded(database.client)
    const config = loadConfig({ DATA_DIR: dataDir, BASE_URL: 'https://ambassadors.example.org', SECRET_KEY: 'bench-secret-key-0123456789-0123456789-abcdef' })
    const deps = buildDeps(config, database, pino({ level: 'silent' }), () => new Date('2023-10-01T00:00:00Z'))
    await createSigningKey(deps.db, deps.secretKey, 'bench')
    const defined = await defineCommunity(deps.db, {
      community: { slug: 'kubesphere', name: 'KubeSphere' },
      programs: [{ slug: 'ksap', name: 'KubeSphere Ambassador Program', summary: 'Ambassadors.', cohorts: [{ slug: '2023', year: 2023, title: '2023', seats: count, phases: [] }] } as never],
    })
    const cohortId = defined.programs.ksap!.cohorts['2023']!.cohortId
    for (let start = 0; start < count; start += 1000) {
      const people = await createPeople(deps.db, Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({ displayName: `Ambassador ${start + i} Önder` })))
      await addMemberships(deps.db, people.map((p) => ({ personId: p.id, cohortId, termStart: new Date('2023-09-01T00:00:00Z'), termEnd: new Date('2024-09-01T00:00:00Z') })))
    }
    log(`credentials: bulk issuance of ${count}${render ? ' with PNG + PDF' : ''}`)
    const started = performance.now()
    // CPU time of this process's threads (the render pool's workers included), for a figure that does not
    // depend on how busy the shared machine is: the seconds it would take with both cores free.
    const cpuBefore = process.cpuUsage()
    const io = { out: () => {}, err: (l: string) => log(l), progress: (l: string) => log(`credentials: ${l}`) }
    const code = await dbCommands.issue!.run(deps, { cohort: 'kubesphere/ksap/2023', render }, io)
    const seconds = Math.round((performance.now() - started) / 100) / 10
    const cpu = process.cpuUsage(cpuBefore)
    const cpuMs = (cpu.user + cpu.system) / 1000
    if (code !== 0) throw new Error(`embassy issue exited ${code}`)
    ctx.emit({
      bench: 'credentials',
      case: render ? 'bulk-issue-png-pdf' : 'bulk-issue-credential-only',
      memberships: count,
      seconds,
      per_s: Math.round((count / seconds) * 10) / 10,
      cpu_ms_per_membership: Math.round((cpuMs / count) * 10) / 10,
      seconds_on_free_cores: Math.round(cpuMs / 1000 / os.availableParallelism()),
      target_seconds_for_5000: TARGET_BULK_SECONDS,
      met: count === 5000 ? seconds < TARGET_BULK_SECONDS : null,
      load_average_1m: Math.round(os.loadavg()[0]! * 10) / 10,
    })
  } finally {
    await database.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Runs both parts; the bulk part is skipped with BENCH_BULK_COUNT=0. */
export async function run(ctx: BenchContext): Promise<void> {
  await signVerify(ctx)
  if (process.env.BENCH_BULK_COUNT !== '0') await bulk(ctx)
}
