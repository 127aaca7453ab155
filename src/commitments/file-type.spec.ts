import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { sniffFile } from './file-type';

const dir = mkdtempSync(join(tmpdir(), 'cocrea-sniff-'));
let n = 0;
const sniff = (bytes: Buffer, name: string) => {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, bytes);
  return sniffFile(path, name);
};

/** Stored zip; `first` entries are written first (ODF needs `mimetype` first and uncompressed). */
function zip(entries: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(nameBuf.length, 28);
    c.writeUInt32LE(offset, 42);
    parts.push(local, nameBuf, data);
    central.push(c, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

describe('sniffFile (evidence types by content)', () => {
  it.each([
    ['%PDF-1.7\n...', 'a.bin', 'application/pdf'],
    ['GIF89a......', 'x', 'image/gif'],
  ])('recognises %j', async (text, name, mime) => {
    expect((await sniff(Buffer.from(text, 'latin1'), name))?.mime).toBe(mime);
  });

  it('recognises JPEG, WebP and OLE2 legacy Office by magic bytes', async () => {
    expect((await sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]), 'foto'))?.mime).toBe('image/jpeg');
    expect((await sniff(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), 'foto'))?.mime).toBe('image/webp');
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
    expect((await sniff(ole, 'padron.XLS'))?.mime).toBe('application/vnd.ms-excel');
    expect((await sniff(ole, 'minuta.doc'))?.extension).toBe('doc');
    // OLE2 content is proven, but its member is only known from the name: no guess.
    expect(await sniff(ole, 'archivo.msi')).toBeNull();
  });

  it('tells OOXML parts apart and refuses other zips', async () => {
    const types = '<Types/>';
    expect((await sniff(zip([['[Content_Types].xml', types], ['xl/workbook.xml', '<w/>']]), 'a.zip'))?.extension).toBe('xlsx');
    expect((await sniff(zip([['[Content_Types].xml', types], ['ppt/presentation.xml', '<p/>']]), 'a'))?.extension).toBe('pptx');
    expect((await sniff(zip([['word/document.xml', '<d/>']]), 'a.docx'))).toBeNull();
    expect((await sniff(zip([['notas.txt', 'hola']]), 'a.docx'))).toBeNull();
  });

  it('recognises OpenDocument by its mimetype entry', async () => {
    const odt = zip([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '<c/>']]);
    expect((await sniff(odt, 'x'))?.extension).toBe('odt');
    const fake = zip([['mimetype', 'application/vnd.oasis.opendocument.textual'], ['content.xml', '<c/>']]);
    expect(await sniff(fake, 'x.odt')).toBeNull();
  });

  it('accepts CSV only as plain text with a .csv name', async () => {
    expect((await sniff(Buffer.from('a;b\r\n1;2\r\n'), 'datos.CSV'))?.mime).toBe('text/csv');
    expect((await sniff(Buffer.from('ma\xf1ana,1\n', 'latin1'), 'datos.csv'))?.mime).toBe('text/csv');
    expect(await sniff(Buffer.from('a,b\n1,2\n'), 'datos.txt')).toBeNull();
    expect(await sniff(Buffer.from('a,b\n\x00\x01'), 'datos.csv')).toBeNull();
  });

  it('refuses HTML, SVG, executables and scripts whatever their name', async () => {
    for (const [bytes, name] of [
      [Buffer.from('<!doctype html><p>hola'), 'informe.pdf'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.png'],
      [Buffer.from('MZ\x90\x00', 'latin1'), 'setup.pdf'],
      [Buffer.from('\x7fELF\x02', 'latin1'), 'datos.xlsx'],
      [Buffer.from('#!/bin/sh\nrm -rf /'), 'script.docx'],
    ] as [Buffer, string][]) {
      expect(await sniff(bytes, name)).toBeNull();
    }
  });
});
