/** Outgoing e-mail: SMTP through nodemailer when SMTP_URL is set, otherwise an outbox table
 * that administrators read in the interface. Every message is recorded in the outbox. */
import nodemailer, { type Transporter } from "nodemailer";
import type { Db } from "../db/database.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  orgUnitId?: string | null;
  attachments?: Array<{ filename: string; content: Buffer; contentType?: string }>;
}

export interface Mailer {
  /** Records the message and delivers it; never throws for a delivery failure (it is recorded). */
  send(message: MailMessage): Promise<{ id: string; delivered: boolean }>;
  close(): void;
}

export function createMailer(db: Db, smtpUrl: string | undefined, from: string): Mailer {
  const transport: Transporter | null = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  return {
    async send(message) {
      const row = await db
        .insertInto("mail_outbox")
        .values({
          to_address: message.to,
          subject: message.subject,
          text_body: message.text,
          html_body: message.html ?? null,
          org_unit_id: message.orgUnitId ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (!transport) return { id: row.id, delivered: false };
      try {
        await transport.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          attachments: message.attachments,
        });
        await db
          .updateTable("mail_outbox")
          .set({ sent_at: new Date() })
          .where("id", "=", row.id)
          .execute();
        return { id: row.id, delivered: true };
      } catch (error) {
        await db
          .updateTable("mail_outbox")
          .set({ error: String(error).slice(0, 500) })
          .where("id", "=", row.id)
          .execute();
        return { id: row.id, delivered: false };
      }
    },
    close() {
      transport?.close();
    },
  };
}
