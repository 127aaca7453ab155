import { MailService } from '../../src/reminders/mail.service';
import type { TestApp } from '../support/test-app';
// Jest-only (kept out of test/support, which the bench build compiles).
/** Mails the app hands to the mailer (SMTP is the outside world here), captured in order. */
export function captureMails(t: TestApp): { to: string; subject: string; text: string }[] {
  const sent: { to: string; subject: string; text: string }[] = [];
  jest.spyOn(t.app.get(MailService), 'send').mockImplementation(async (m) => {
    sent.push({ to: String(m.to), subject: m.subject, text: m.text });
    return { delivered: false, via: 'log' };
  });
  return sent;
}
