import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
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

  constructor(private readonly config: AppConfig) {
    if (config.smtpUrl) this.transport = createTransport(config.smtpUrl);
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
