import fs from 'node:fs/promises'
import path from 'node:path'
import type { AppDeps } from '../../deps.ts'
import { bakePng } from './baking/png.ts'
import { renderCertificate, RENDERER_VERSION } from './certificates/render-certificate.ts'
import type { CertificateInput } from './certificates/template.ts'
import { baseUrlOf } from './issuer.ts'
import type { CredentialRecord } from './queries.ts'

/** Where bulk issuance keeps a credential's rendered files: DATA_DIR/certificates/v<renderer>/<id>.png|.pdf. */
export function certificateFiles(dataDir: string, id: string): { png: string; pdf: string } {
  const dir = path.join(dataDir, 'certificates', `v${RENDERER_VERSION}`)
  return { png: path.join(dir, `${id}.png`), pdf: path.join(dir, `${id}.pdf`) }
}

/** What the certificate of an issued credential shows (the credential's own name, term and id). */
export function certificateInputOf(record: CredentialRecord, baseUrl: string): CertificateInput {
  return {
    certificateId: record.id,
    recipientName: record.recipientName,
    programName: record.programName,
    communityName: record.communityName,
    cohortTitle: record.cohortTitle,
    validFrom: record.validFrom.toISOString(),
    validUntil: record.validUntil.toISOString(),
    timeZone: record.timeZone,
    verificationUrl: `${baseUrl}/credentials/${record.id}`,
  }
}

async function writeOnce(file: string, render: () => Promise<Buffer>): Promise<void> {
  try {
    await fs.access(file)
    return // rendered by an earlier attempt: files are deterministic, so nothing to redo
  } catch {}
  const bytes = await render()
  // Write-then-rename: a crash never leaves a half-written certificate under the final name.
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  await fs.writeFile(tmp, bytes)
  await fs.rename(tmp, file)
}

/** Renders the PNG (with the credential baked in) and the PDF of an issued credential, once. */
export async function renderIssuedCertificate(deps: Pick<AppDeps, 'config'>, record: CredentialRecord): Promise<{ png: string; pdf: string }> {
  const files = certificateFiles(deps.config.dataDir, record.id)
  await fs.mkdir(path.dirname(files.png), { recursive: true })
  const input = certificateInputOf(record, baseUrlOf(deps.config))
  await Promise.all([
    writeOnce(files.png, async () => bakePng(await renderCertificate(input, 'png'), record.credentialJson)),
    writeOnce(files.pdf, () => renderCertificate(input, 'pdf')),
  ])
  return files
}
