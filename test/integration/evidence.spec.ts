import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { ImplementationFixture, roleMatrix, RoleName, setupImplementation } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
type Caller = { auth: Record<string, string> };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A multipart/form-data body built by hand, so names reach the server exactly as written. */
function multipart(parts: { name: string; value: string | Buffer; filename?: string; type?: string }[]) {
  const boundary = `----cocrea${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.filename !== undefined ? `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value, 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A stored (uncompressed) zip with the given entries: enough to look like an Office file. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const nameBuf = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const CSV = Buffer.from('municipio,beneficiarios\nOaxaca de Juárez,1520\nSanta Lucía del Camino,310\n', 'utf8');
const DOCX = zip({ '[Content_Types].xml': '<Types/>', '_rels/.rels': '<Relationships/>', 'word/document.xml': '<w:document/>' });

describe('evidence', () => {
  let t: TestApp;
  let dataDir: string;
  let im: ImplementationFixture;
  const evidenceDir = () => join(dataDir, 'evidence');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cocrea-evidence-'));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
    im = await setupImplementation(t, { milestones: [{ weight: 50, status: 'in_progress' }, { weight: 50, status: 'in_progress' }] });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const upload = (who: Caller, milestoneId: string, parts: Parameters<typeof multipart>[0]) => {
    const { body, contentType } = multipart(parts);
    return t.http().post(`${API}/milestones/${milestoneId}/evidence`).set(who.auth).set('Content-Type', contentType).send(body);
  };
  const file = (value: Buffer, filename: string, extra: Parameters<typeof multipart>[0] = []) => [...extra, { name: 'file', value, filename }];

  /** Every file under DATA_DIR/evidence (relative paths). */
  function storedFiles(): string[] {
    const out: string[] = [];
    const walk = (dir: string, rel: string) => {
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path, rel ? `${rel}/${name}` : name);
        else out.push(rel ? `${rel}/${name}` : name);
      }
    };
    walk(evidenceDir(), '');
    return out.sort();
  }
  const storageKeys = async (): Promise<string[]> =>
    (await t.db.query(`SELECT storage_key FROM evidence WHERE storage_key IS NOT NULL ORDER BY storage_key`)).map((r: { storage_key: string }) => r.storage_key);

  it('stores an upload with its detected type and SHA-256, and serves it back', async () => {
    const res = await upload(im.lead.titular, im.milestoneIds[0], file(PDF, 'Informe de avance – año 1.pdf', [{ name: 'description', value: 'Informe trimestral firmado' }]));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'file', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: sha256(PDF), public: true, description: 'Informe trimestral firmado' });
    expect(res.body.fileName).toBe('Informe de avance – año 1.pdf');

    const [row] = await t.db.query('SELECT storage_key FROM evidence WHERE id = $1', [res.body.id]);
    const onDisk = readFileSync(join(evidenceDir(), row.storage_key));
    expect(sha256(onDisk)).toBe(res.body.sha256);

    const download = await t.http().get(res.body.downloadUrl).set(im.fx.seatsOf('guarantor')[0].titular.auth).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Informe de avance _ ano 1.pdf"; filename*=UTF-8''Informe%20de%20avance%20%E2%80%93%20a%C3%B1o%201.pdf`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(sha256(download.body as Buffer)).toBe(sha256(PDF));

    const audit = await t.db.query(`SELECT action, data FROM audit_events WHERE subject_id = $1`, [res.body.id]);
    expect(audit).toEqual([expect.objectContaining({ action: 'evidence.added', data: expect.objectContaining({ sha256: sha256(PDF) }) })]);
  });

  it.each([
    ['PNG image', PNG, 'foto.png', 'image/png', 'foto.png'],
    ['PNG named .pdf (content wins)', PNG, 'acta.pdf', 'image/png', 'acta.png'],
    ['CSV', CSV, 'beneficiarios.csv', 'text/csv', 'beneficiarios.csv'],
    ['Word (docx)', DOCX, 'minuta.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'minuta.docx'],
  ])('accepts %s', async (_label, bytes, name, type, storedName) => {
    const res = await upload(im.lead.alternate!, im.milestoneIds[0], file(bytes, name));
    expect(res.status).toBe(201);
    expect(res.body.contentType).toBe(type);
    expect(res.body.fileName).toBe(storedName);
  });

  it.each([
    ['HTML disguised as PDF', Buffer.from('<html><script>alert(1)</script></html>'), 'informe.pdf', 'evidence_type_not_allowed'],
    ['a Windows executable disguised as Word', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]), 'minuta.docx', 'evidence_type_not_allowed'],
    ['a plain zip disguised as Excel', zip({ 'datos.txt': 'hola' }), 'padron.xlsx', 'evidence_type_not_allowed'],
    ['binary disguised as CSV', Buffer.from([0x00, 0x01, 0x02, 0x41, 0x42]), 'datos.csv', 'evidence_type_not_allowed'],
    ['an SVG image (script-capable)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'logo.svg', 'evidence_type_not_allowed'],
    ['an empty file', Buffer.alloc(0), 'vacio.pdf', 'evidence_file_empty'],
    ['a path-traversal name', PDF, '../../etc/passwd.pdf', 'evidence_file_name_invalid'],
    ['a Windows path-traversal name', PDF, '..\\\\..\\\\boot.pdf', 'evidence_file_name_invalid'],
    ['a name with a folder', PDF, 'carpeta/informe.pdf', 'evidence_file_name_invalid'],
    ['a dot-dot name', PDF, '..', 'evidence_file_name_invalid'],
    ['an empty name', PDF, '', 'evidence_file_name_invalid'],
  ])('refuses %s with 400 and leaves nothing on disk', async (_label, bytes, name, code) => {
    const before = storedFiles();
    const res = await upload(im.lead.titular, im.milestoneIds[1], file(bytes, name));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(storedFiles()).toEqual(before);
  });

  it('refuses a file over 20 MB with 400, keeping nothing', async () => {
    const before = storedFiles();
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024 + 1 - PDF.length, 0x20)]);
    const res = await upload(im.lead.titular, im.milestoneIds[1], file(big, 'enorme.pdf'));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('evidence_too_large');
    expect(storedFiles()).toEqual(before);
  });

  it('refuses malformed multipart fields and a missing file with 400', async () => {
    const badFlag = await upload(im.lead.titular, im.milestoneIds[1], file(PDF, 'a.pdf', [{ name: 'public', value: 'quizá' }]));
    expect(badFlag.status).toBe(400);
    const unknown = await upload(im.lead.titular, im.milestoneIds[1], file(PDF, 'a.pdf', [{ name: 'ownerId', value: 'x' }]));
    expect(unknown.status).toBe(400);
    const noFile = await upload(im.lead.titular, im.milestoneIds[1], [{ name: 'description', value: 'sin archivo' }]);
    expect(noFile.status).toBe(400);
    expect(noFile.body.code).toBe('evidence_file_missing');
    const link = await t.http().post(`${API}/milestones/${im.milestoneIds[1]}/evidence`).set(im.lead.titular.auth).send({ kind: 'link', url: 'javascript:alert(1)' });
    expect(link.status).toBe(400);
  });

  it('leaves no partial file behind when the client aborts mid-upload', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const boundary = 'cocreaabort';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="parcial.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    const before = storedFiles();
    let midUpload: string[] = [];
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: `${API}/milestones/${im.milestoneIds[1]}/evidence`,
        headers: { ...im.lead.titular.auth, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(head.length + PDF.length + 5_000_000) },
      });
      req.on('error', () => resolve());
      req.write(head);
      req.write(PDF);
      req.write(Buffer.alloc(2_000_000, 0x20), () =>
        setTimeout(() => {
          midUpload = storedFiles();
          req.destroy();
        }, 200),
      );
      req.on('close', () => resolve());
    });
    // The server notices the abort asynchronously; give it a moment, then nothing may remain.
    for (let i = 0; i < 50 && storedFiles().length !== before.length; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    // The partial upload was being written to tmp/ when the client went away…
    expect(midUpload.filter((f) => f.startsWith('tmp/'))).toHaveLength(1);
    // …and is gone now.
    expect(storedFiles()).toEqual(before);
  });

  it('every stored file belongs to a row and matches its checksum', async () => {
    const keys = await storageKeys();
    expect(storedFiles()).toEqual(keys);
    const rows: { storage_key: string; sha256: string }[] = await t.db.query('SELECT storage_key, sha256 FROM evidence WHERE storage_key IS NOT NULL');
    for (const r of rows) expect(sha256(readFileSync(join(evidenceDir(), r.storage_key)))).toBe(r.sha256);
  });

  it('evidence of a submitted or approved milestone cannot be removed, only superseded', async () => {
    const local = await setupImplementation(t, { milestones: [{ weight: 100, status: 'in_progress' }], admin: im.fx.admin });
    const id = local.milestoneIds[0];
    const who = local.lead.titular;
    const first = await upload(who, id, file(PDF, 'acta.pdf'));
    const draft = await upload(who, id, file(CSV, 'borrador.csv'));
    const [draftRow] = await t.db.query('SELECT storage_key FROM evidence WHERE id = $1', [draft.body.id]);

    // While in progress: removal works and deletes the file.
    const removed = await t.http().delete(`${API}/evidence/${draft.body.id}`).set(who.auth);
    expect(removed.status).toBe(204);
    expect(existsSync(join(evidenceDir(), draftRow.storage_key))).toBe(false);

    expect((await t.http().post(`${API}/milestones/${id}/submit`).set(who.auth)).status).toBe(200);
    const locked = await t.http().delete(`${API}/evidence/${first.body.id}`).set(who.auth);
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('evidence_locked');
    const plainAdd = await t.http().post(`${API}/milestones/${id}/evidence`).set(who.auth).send({ kind: 'link', url: 'https://oaxaca.gob.mx/acta' });
    expect(plainAdd.status).toBe(409);
    expect(plainAdd.body.code).toBe('evidence_locked');

    const replacement = await upload(who, id, file(PDF, 'acta-firmada.pdf', [{ name: 'supersedesId', value: first.body.id }]));
    expect(replacement.status).toBe(201);
    const again = await t.http().post(`${API}/milestones/${id}/evidence`).set(who.auth).send({ kind: 'link', url: 'https://oaxaca.gob.mx/acta', supersedesId: first.body.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('evidence_not_supersedable');

    const list = await t.http().get(`${API}/milestones/${id}/evidence`).set(local.fx.coordinator.auth);
    expect(list.body.items.map((e: { id: string; supersededById: string | null }) => [e.id, e.supersededById])).toEqual([
      [first.body.id, replacement.body.id],
      [replacement.body.id, null],
    ]);

    await t.http().post(`${API}/milestones/${id}/review`).set(local.fx.seatsOf('guarantor')[0].titular.auth).send({ decision: 'approve' });
    expect((await t.http().delete(`${API}/evidence/${replacement.body.id}`).set(who.auth)).status).toBe(409);
    // A failed upload inside the transaction (nothing to supersede) keeps nothing either.
    const before = storedFiles();
    const orphan = await upload(who, id, file(PDF, 'otra.pdf', [{ name: 'supersedesId', value: randomUUID() }]));
    expect(orphan.status).toBe(409);
    expect(storedFiles()).toEqual(before);
  });

  it('public files of a published plan are downloadable without login; the rest are not', async () => {
    const local = await setupImplementation(t, { milestones: [{ weight: 100, status: 'in_progress' }], admin: im.fx.admin });
    const id = local.milestoneIds[0];
    const open = await upload(local.lead.titular, id, file(PDF, 'abierto.pdf'));
    const closed = await upload(local.lead.titular, id, file(PDF, 'reservado.pdf', [{ name: 'public', value: 'false' }]));
    expect(closed.body.public).toBe(false);

    expect((await t.http().get(open.body.downloadUrl)).status).toBe(200);
    expect((await t.http().get(closed.body.downloadUrl)).status).toBe(404);
    expect((await t.http().get(closed.body.downloadUrl).set(local.fx.seatsOf('civil_society')[0].titular.auth)).status).toBe(200);

    const hide = await t.http().patch(`${API}/evidence/${open.body.id}`).set(local.lead.titular.auth).send({ public: false });
    expect(hide.status).toBe(200);
    expect((await t.http().get(open.body.downloadUrl)).status).toBe(404);
    await t.http().patch(`${API}/evidence/${open.body.id}`).set(local.fx.coordinator.auth).send({ public: true });
    await t.db.query(`UPDATE action_plans SET stage = 'draft' WHERE id = $1`, [local.planId]);
    expect((await t.http().get(open.body.downloadUrl)).status).toBe(404);
  });

  it('authorization matrix for evidence routes', async () => {
    const local = await setupImplementation(t, { milestones: [{ weight: 100, status: 'in_progress' }], admin: im.fx.admin });
    const roles = await roleMatrix(t, local.fx, local.lead);
    const id = local.milestoneIds[0];
    const base = (ok: number, overrides: Partial<Record<RoleName, number>> = {}): Record<RoleName, number> => ({
      admin: 403, coordinator: 403, titular: ok, alternate: ok, observer: 403, facilitator: 403, otherSecretariat: 404, nonMember: 404, anonymous: 401, ...overrides,
    });
    const add = (who: Caller) => t.http().post(`${API}/milestones/${id}/evidence`).set(who.auth).send({ kind: 'link', url: 'https://oaxaca.gob.mx/evidencia', public: false });
    const check = async (name: string, call: (who: Caller, role: RoleName) => Promise<{ status: number }>, want: Record<RoleName, number>) => {
      const got: Record<string, number> = {};
      for (const [role, who] of Object.entries(roles) as [RoleName, Caller][]) got[role] = (await call(who, role)).status;
      expect({ name, got }).toEqual({ name, got: want });
    };
    await check('POST /milestones/:id/evidence', (who) => add(who), base(201));
    const upl = await upload(local.lead.titular, id, file(PDF, 'x.pdf', [{ name: 'public', value: 'false' }]));
    await check('POST /milestones/:id/evidence (multipart)', (who) => upload(who, id, file(PDF, 'y.pdf')), base(201));
    await check('PATCH /evidence/:id', (who) => t.http().patch(`${API}/evidence/${upl.body.id}`).set(who.auth).send({ description: 'Acta' }), base(200, { coordinator: 200 }));
    await check('GET /evidence/:id/file (not public)', (who) => t.http().get(`${API}/evidence/${upl.body.id}/file`).set(who.auth), {
      admin: 200, coordinator: 200, titular: 200, alternate: 200, observer: 200, facilitator: 200, otherSecretariat: 404, nonMember: 404, anonymous: 404,
    });
    await check(
      'DELETE /evidence/:id',
      async (who, role) => {
        const fresh = await add(local.lead.titular);
        return t.http().delete(`${API}/evidence/${fresh.body.id}`).set(roles[role].auth ?? who.auth);
      },
      base(204),
    );
  });
});
