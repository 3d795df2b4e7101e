// File names of certificate downloads: the person's name as entered (RFC 6266 / 8187 filename*), with an
// ASCII fallback for old clients (accents dropped, other scripts replaced by the certificate id).

/** An ASCII version of a name for a file name: "Onur Canoğlu" → "Onur Canoglu"; "" when nothing is left. */
export function asciiFileName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\/:*?<>|%;]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

function unicodeFileName(text: string): string {
  // Characters no file system takes, and controls, go; everything else stays as the person wrote it.
  return text.normalize('NFC').replace(/[\u0000-\u001f\u007f"\\/:*?<>|]/g, '').replace(/\s+/g, ' ').trim()
}

/** RFC 8187 encoding of a UTF-8 value (encodeURIComponent leaves a few characters that must be escaped). */
function ext(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** A Content-Disposition header for a certificate of `recipientName` (inline, or attachment to download). */
export function certificateDisposition(recipientName: string, certificateId: string, extension: 'png' | 'pdf', attachment: boolean): string {
  const stem = `Certificate - ${unicodeFileName(recipientName)}`.slice(0, 150)
  const ascii = asciiFileName(recipientName)
  const fallback = ascii.length >= 2 ? `Certificate - ${ascii}`.slice(0, 150) : `Certificate ${certificateId.slice(0, 8)}`
  return `${attachment ? 'attachment' : 'inline'}; filename="${fallback}.${extension}"; filename*=UTF-8''${ext(`${stem}.${extension}`)}`
}
