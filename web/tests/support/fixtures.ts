import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The demo seed's accounts (src/database/seeds/demo-data.ts). */
export const DEMO_PASSWORD = 'gobierno-abierto-2019';
export const DEMO = {
  admin: 'admin@cocrea.demo',
  coordinator: 'coordinacion@cocrea.demo',
  civilSociety: 'osc@cocrea.demo',
  government: 'gobierno@cocrea.demo',
  guarantor: 'garante@cocrea.demo',
  alternate: 'suplente@cocrea.demo',
  observer: 'observador@cocrea.demo',
};

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

/**
 * axe (WCAG 2.2 A and AA) on the page as it is now, at phone and desktop widths; fails with
 * the violations listed. Call it once the screen shows what it is meant to show.
 */
export async function expectAccessible(page: Page, screen: string) {
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
    expect(violations, `axe on «${screen}» at ${size.width}px`).toEqual([]);
  }
  await page.setViewportSize(DESKTOP);
}

/** Signs in through the login screen as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/entrar');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('button', { name: 'Cerrar sesión' }).or(page.getByRole('button', { name: 'Menú' }))).toBeVisible();
}

/** A unique address per test run, so tests never collide on accounts. */
export const uniqueEmail = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@prueba.mx`;

/** Mails the app sent (raw RFC 822 text), newest last; the test SMTP server writes them as files. */
export function sentMails(): string[] {
  const dir = process.env.COCREA_MAIL_DIR!;
  return readdirSync(dir)
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** Waits until a mail to `to` containing `match` has arrived, and returns it decoded. */
export async function waitForMail(to: string, match: RegExp): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      () => {
        found = sentMails()
          .map(decodeMail)
          .find((m) => m.toLowerCase().includes(to.toLowerCase()) && match.test(m));
        return Boolean(found);
      },
      { message: `mail to ${to} matching ${match}`, timeout: 30_000 },
    )
    .toBe(true);
  return found!;
}

/** Undoes quoted-printable soft breaks and escapes, enough to read links and Spanish text. */
export function decodeMail(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/((?:=[0-9A-F]{2})+)/g, (seq) => {
      try {
        return Buffer.from(seq.split('=').filter(Boolean).map((h) => parseInt(h, 16))).toString('utf8');
      } catch {
        return seq;
      }
    });
}

export const test = base;
export { expect };
