/** Spanish (Mexico) e-mail templates, text and HTML. */

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface ReminderEmailInput {
  recipientName: string;
  secretariatName: string;
  subject: string;
  text: string;
  /** Absolute URL of the subject. */
  url: string;
  /** Absolute URL of the notification preferences. */
  preferencesUrl: string;
}

const FOOTER_TEXT = (prefs: string) =>
  `Recibes este correo porque participas en Cocrea, la plataforma de los Secretariados Técnicos Locales de gobierno abierto.\nPuedes cambiar qué correos recibes en ${prefs}`;

function layout(title: string, body: string, preferencesUrl: string): string {
  return `<!doctype html>
<html lang="es-MX"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1f2933;max-width:600px;margin:0 auto;padding:16px">
${body}
<hr style="border:none;border-top:1px solid #d9e2ec;margin:24px 0">
<p style="font-size:12px;color:#627d98">Recibes este correo porque participas en Cocrea, la plataforma de los Secretariados Técnicos Locales de gobierno abierto.
<a href="${escapeHtml(preferencesUrl)}">Cambiar qué correos recibo</a>.</p>
</body></html>`;
}

export function renderReminderEmail(input: ReminderEmailInput): RenderedEmail {
  const subject = `[${input.secretariatName}] ${input.subject}`;
  const text = [
    `Hola, ${input.recipientName}:`,
    '',
    input.text,
    '',
    `Consulta los detalles en: ${input.url}`,
    '',
    `— ${input.secretariatName}, vía Cocrea`,
    '',
    FOOTER_TEXT(input.preferencesUrl),
  ].join('\n');
  const html = layout(
    subject,
    `<p style="font-size:13px;color:#627d98;margin:0">${escapeHtml(input.secretariatName)}</p>
<h1 style="font-size:20px">${escapeHtml(input.subject)}</h1>
<p>Hola, ${escapeHtml(input.recipientName)}:</p>
<p>${escapeHtml(input.text)}</p>
<p><a href="${escapeHtml(input.url)}" style="background:#0b6e4f;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">Ver detalles</a></p>`,
    input.preferencesUrl,
  );
  return { subject, text, html };
}

export interface DigestItem {
  secretariatName: string;
  subject: string;
  text: string;
  url: string;
}

export function renderDigestEmail(recipientName: string, localDay: string, items: DigestItem[], preferencesUrl: string): RenderedEmail {
  const subject = `Tu resumen diario de Cocrea: ${items.length} ${items.length === 1 ? 'pendiente' : 'pendientes'} (${localDay})`;
  const text = [
    `Hola, ${recipientName}:`,
    '',
    `Esto es lo que tienes pendiente en tus Secretariados Técnicos Locales:`,
    '',
    ...items.map((i) => `• [${i.secretariatName}] ${i.subject}\n  ${i.text}\n  ${i.url}`),
    '',
    FOOTER_TEXT(preferencesUrl),
  ].join('\n');
  const html = layout(
    subject,
    `<h1 style="font-size:20px">Tu resumen diario</h1>
<p>Hola, ${escapeHtml(recipientName)}: esto es lo que tienes pendiente en tus Secretariados Técnicos Locales.</p>
<ul>${items
      .map(
        (i) =>
          `<li style="margin-bottom:12px"><span style="font-size:12px;color:#627d98">${escapeHtml(i.secretariatName)}</span><br><a href="${escapeHtml(i.url)}"><strong>${escapeHtml(i.subject)}</strong></a><br>${escapeHtml(i.text)}</li>`,
      )
      .join('')}</ul>`,
    preferencesUrl,
  );
  return { subject, text, html };
}
