import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** `<id@domain>`; nodemailer makes a random one when absent. */
  messageId?: string;
}

export interface MailResult {
  delivered: boolean;
  /** 'smtp' when handed to SMTP_URL, 'log' when only written to the log. */
  via: 'smtp' | 'log';
  messageId?: string;
}

/**
 * Sends mail over SMTP_URL (nodemailer). Without SMTP_URL the message is written to the log
 * instead, so the product works on a laptop with nothing configured. Throws on SMTP refusal
 * so callers (jobs) can retry.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transport?: Transporter;

  private readonly domain: string;

  constructor(private readonly config: AppConfig) {
    if (config.smtpUrl) this.transport = createTransport(config.smtpUrl);
    this.domain = /@([^\s>]+)/.exec(config.mailFrom)?.[1] ?? 'cocrea.local';
  }

  /**
   * The Message-ID of one e-mail delivery row. SMTP is at-least-once (a worker that dies
   * after the server took the message but before its reply is recorded sends it again), so
   * every attempt of a row carries the same id: a repeat is recognisable as one message.
   */
  deliveryMessageId(deliveryId: string): string {
    return `<${deliveryId}@${this.domain}>`;
  }

  async send(message: MailMessage): Promise<MailResult> {
    if (!this.transport) {
      this.logger.log(`[correo no enviado: sin SMTP_URL] Para: ${[message.to].flat().join(', ')} | Asunto: ${message.subject}\n${message.text}`);
      return { delivered: false, via: 'log' };
    }
    const info = await this.transport.sendMail({ from: this.config.mailFrom, ...message });
    return { delivered: true, via: 'smtp', messageId: info.messageId };
  }

  onModuleDestroy() {
    this.transport?.close();
  }
}
