import nodemailer from 'nodemailer'

/** A message as the transport sends it. */
export interface OutgoingMail {
  /** An address header value, or a display name and address (nodemailer encodes the name). */
  from: string | { name: string; address: string }
  to: string
  subject: string
  text: string
  html?: string | null
  /** Message-ID header, with its angle brackets. */
  messageId?: string
  replyTo?: string
  /** Message-ID answered (also sent as References). */
  inReplyTo?: string
  headers?: Record<string, string>
}

/** Something that delivers mail (SMTP in production; tests use a real SMTP server on loopback). */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>
  close(): void
}

/** An SMTP transport for SMTP_URL (smtp:// upgrades with STARTTLS when offered; smtps:// is TLS from the start). */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url)
  return {
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? undefined,
        headers: mail.headers,
        messageId: mail.messageId,
        replyTo: mail.replyTo,
        inReplyTo: mail.inReplyTo,
        references: mail.inReplyTo,
        // Header injection: nodemailer folds and encodes header values; we also refuse line breaks before this.
        disableFileAccess: true,
        disableUrlAccess: true,
      })
    },
    close: () => transporter.close(),
  }
}
