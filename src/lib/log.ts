import pino, { type Logger } from 'pino'

/** JSON-lines logger; secrets are redacted by path wherever they appear. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'embassy' },
      redact: { paths: ['*.password', '*.secretKey', '*.token', 'config.databaseUrl', 'headers.cookie', 'headers.authorization'], censor: '[redacted]' },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  )
}
