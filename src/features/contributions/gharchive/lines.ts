import fs from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import zlib from 'node:zlib'

/** Longest line accepted (a GH Archive event is a few KB, rarely a few MB); beyond, the file is given up. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024

/** Raised when a gzip file cannot be read to its end; `message` names the file and the reason. */
export class GzipReadError extends Error {
  override name = 'GzipReadError'
}

const READ_CHUNK = 256 * 1024

/**
 * The lines of a gzip-compressed text file, a chunk's worth at a time, streamed (file → gunzip → split on
 * "\n"): memory stays bounded by the chunk size and the longest line, whatever the file size. A final line
 * without "\n" is yielded too. Reading stops with a GzipReadError on an unreadable file, corrupt or truncated
 * gzip data, or a line longer than MAX_LINE_CHARS; the lines yielded before remain valid.
 */
export async function* gzipLines(file: string): AsyncGenerator<string[]> {
  const source = fs.createReadStream(file, { highWaterMark: READ_CHUNK })
  const gunzip = zlib.createGunzip({ chunkSize: READ_CHUNK })
  source.on('error', (err) => gunzip.destroy(err))
  source.pipe(gunzip)
  const decoder = new StringDecoder('utf8')
  let rest = ''
  let lines = 0
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const text = rest + decoder.write(chunk)
      const parts = text.split('\n')
      rest = parts.pop()!
      if (parts.length) {
        lines += parts.length
        yield parts
      }
      if (rest.length > MAX_LINE_CHARS) throw new GzipReadError(`${file}: line ${lines + 1} is longer than ${MAX_LINE_CHARS / 1024 / 1024} MiB`)
    }
  } catch (err) {
    if (err instanceof GzipReadError) throw err
    throw new GzipReadError(`${file}: ${describeReadError(err as NodeJS.ErrnoException)}`)
  } finally {
    source.destroy()
    gunzip.destroy()
  }
  rest += decoder.end()
  if (rest) yield [rest]
}

/** One phrase for what went wrong reading a gzip file. */
function describeReadError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a directory'
    case 'Z_DATA_ERROR':
      return `not valid gzip data (${err.message})`
    case 'Z_BUF_ERROR':
      return `gzip data ends early: the file is truncated (${err.message})`
    default:
      return err.message
  }
}
