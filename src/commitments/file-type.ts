import { open } from 'node:fs/promises';

/**
 * Evidence file types, recognised by content (magic bytes), never by name. Kept small on
 * purpose instead of a general sniffing library: only what evidence may be.
 */
export interface SniffedType {
  mime: string;
  extension: string;
}

const PDF = { mime: 'application/pdf', extension: 'pdf' };
const PNG = { mime: 'image/png', extension: 'png' };
const JPEG = { mime: 'image/jpeg', extension: 'jpg' };
const GIF = { mime: 'image/gif', extension: 'gif' };
const WEBP = { mime: 'image/webp', extension: 'webp' };
const CSV = { mime: 'text/csv', extension: 'csv' };

/** OOXML (zip with [Content_Types].xml) by its main part folder. */
const OOXML: Record<string, SniffedType> = {
  'word/': { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  'xl/': { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  'ppt/': { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' },
};

/** OpenDocument: a zip whose first entry is an uncompressed `mimetype`. */
const ODF: Record<string, SniffedType> = {
  'application/vnd.oasis.opendocument.text': { mime: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
  'application/vnd.oasis.opendocument.spreadsheet': { mime: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods' },
  'application/vnd.oasis.opendocument.presentation': { mime: 'application/vnd.oasis.opendocument.presentation', extension: 'odp' },
};

/**
 * Legacy Office (.doc/.xls/.ppt) share one container (OLE2); telling them apart needs its
 * directory, so the content proves the family and the declared extension picks the member.
 */
const OLE2: Record<string, SniffedType> = {
  doc: { mime: 'application/msword', extension: 'doc' },
  xls: { mime: 'application/vnd.ms-excel', extension: 'xls' },
  ppt: { mime: 'application/vnd.ms-powerpoint', extension: 'ppt' },
};

/** Every Content-Type an evidence file can be served with (documented on the download route). */
export const EVIDENCE_MIME_TYPES = [PDF, PNG, JPEG, GIF, WEBP, CSV, ...Object.values(OOXML), ...Object.values(ODF), ...Object.values(OLE2)].map((t) => t.mime);

const startsWith = (buf: Buffer, bytes: number[] | string, at = 0) => {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buf.length >= at + b.length && buf.subarray(at, at + b.length).equals(b);
};

const extensionOf = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/** Detects the type of the file at `path` (already fully written), or null if not allowed. */
export async function sniffFile(path: string, declaredName: string): Promise<SniffedType | null> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(size, 4096));
    await fh.read(head, 0, head.length, 0);

    if (startsWith(head, '%PDF-')) return PDF;
    if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
    if (startsWith(head, [0xff, 0xd8, 0xff])) return JPEG;
    if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return GIF;
    if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) return WEBP;
    if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return OLE2[extensionOf(declaredName)] ?? null;
    if (startsWith(head, 'PK\x03\x04')) return sniffZip(head, await zipEntryNames(fh, size));
    if (extensionOf(declaredName) === 'csv') {
      const all = Buffer.alloc(size);
      await fh.read(all, 0, size, 0);
      return isPlainText(all) ? CSV : null;
    }
    return null;
  } finally {
    await fh.close();
  }
}

function sniffZip(head: Buffer, names: string[]): SniffedType | null {
  // ODF: local header (30 bytes) + name "mimetype" + its stored content (size at offset 18).
  if (startsWith(head, 'mimetype', 30) && head.readUInt16LE(26) === 8) {
    const size = head.readUInt32LE(18);
    const type = ODF[head.subarray(38, 38 + Math.min(size, 100)).toString('latin1')];
    if (type) return type;
  }
  if (!names.includes('[Content_Types].xml')) return null;
  const folder = Object.keys(OOXML).find((f) => names.some((n) => n.startsWith(f)));
  return folder ? OOXML[folder] : null;
}

/** Entry names from the zip's central directory (end-of-central-directory record at the tail). */
async function zipEntryNames(fh: Awaited<ReturnType<typeof open>>, size: number): Promise<string[]> {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = Buffer.alloc(tailLength);
  await fh.read(tail, 0, tailLength, size - tailLength);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > tail.length) return [];
  const entries = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize > size || cdSize > 16 * 1024 * 1024) return [];
  const cd = Buffer.alloc(cdSize);
  await fh.read(cd, 0, cdSize, cdOffset);
  const names: string[] = [];
  let p = 0;
  for (let i = 0; i < entries && p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50; i++) {
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    names.push(cd.subarray(p + 46, p + 46 + nameLength).toString('utf8'));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** Text a spreadsheet can open: no NUL or other control bytes besides tab, CR, LF, FF. */
function isPlainText(buf: Buffer): boolean {
  for (const byte of buf) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
    if (byte === 0x7f) return false;
  }
  return true;
}
