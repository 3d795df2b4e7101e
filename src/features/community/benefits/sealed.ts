import { seal as sealSecret, unseal as unsealSecret } from '../../../lib/sealed.ts'

/** Seals benefit data (shipping addresses, credit codes) under SECRET_KEY; the database never holds it in clear. */
export const seal = (secret: string, value: string): string => sealSecret(secret, 'benefits', value)

/** Opens a sealed benefit value; throws when it was tampered with or sealed under another key. */
export const unseal = (secret: string, sealed: string): string => unsealSecret(secret, 'benefits', sealed)
