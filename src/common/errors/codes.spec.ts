import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { COMMON_ERRORS, type ErrorCode } from './codes';

const SRC = join(__dirname, '../..');
const ROOT = join(SRC, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = sources(SRC);
const errorFiles = files.filter((f) => f.endsWith('.errors.ts'));

/** Owner (capability folder) → its declared codes, read from each `<capability>.errors.ts` at run time. */
const owners: Record<string, readonly string[]> = { common: COMMON_ERRORS };
for (const file of errorFiles) {
  const capability = relative(SRC, file).split('/')[0];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = Object.values(require(file) as Record<string, unknown>).filter(Array.isArray) as string[][];
  owners[capability] = [...(owners[capability] ?? []), ...exported.flat()];
}
const declared = new Set(Object.values(owners).flat());

// A code literal where a problem is built: the DomainError helpers, `new DomainError(status, '…')`,
// `problem(status, '…')`, the framework tables (`[status?, '…', 'detail']`) and the queue board's `deny(status, '…')`.
const CODE_SITES = [
  /\b(?:badRequest|unauthorized|forbidden|conflict|unprocessable)\(\s*'([a-z0-9_]+)'/g,
  /\bnew DomainError\(\s*[^,]+,\s*'([a-z0-9_]+)'/g,
  /\b(?:problem|deny)\(\s*\d{3},\s*'([a-z0-9_]+)'/g,
  /\[\s*(?:\d{3},\s*)?'([a-z0-9_]+)',\s*'[A-ZÁÉÍÓÚÑ¿¡]/g,
];

function codesUsedIn(text: string): string[] {
  return CODE_SITES.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]));
}

describe('problem codes (ErrorCode)', () => {
  it('every capability that declares codes lives in its own folder, one errors file each', () => {
    const folders = errorFiles.map((f) => relative(SRC, f).split('/'));
    for (const [capability, name] of folders) expect(name).toBe(`${capability}.errors.ts`);
    expect(Object.keys(owners).length).toBeGreaterThan(5);
  });

  it('each code has exactly one owning capability', () => {
    const seen = new Map<string, string[]>();
    for (const [capability, codes] of Object.entries(owners)) {
      for (const code of codes) seen.set(code, [...(seen.get(code) ?? []), capability]);
    }
    const shared = [...seen].filter(([, by]) => by.length > 1).map(([code, by]) => `${code}: ${by.join(', ')}`);
    expect(shared).toEqual([]);
    for (const code of declared) expect(code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it('every code a source file throws or answers is declared', () => {
    const undeclared: string[] = [];
    let sites = 0;
    for (const file of files) {
      for (const code of codesUsedIn(readFileSync(file, 'utf8'))) {
        sites++;
        if (!declared.has(code)) undeclared.push(`${relative(ROOT, file)}: ${code}`);
      }
    }
    expect(undeclared).toEqual([]);
    expect(sites).toBeGreaterThan(150); // the scan still finds the call sites
  });

  it('every declared code is used somewhere in src (no dead codes)', () => {
    const text = files.filter((f) => !f.endsWith('.errors.ts') && !f.endsWith('/codes.ts')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = [...declared].filter((code) => !text.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });

  it('every code the README gives a status to ("409 `stale_version`") is declared', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/\b[45]\d\d[ (:]{1,3}`([a-z][a-z0-9_]*)`/g)].map((m) => m[1]);
    expect(documented.length).toBeGreaterThan(10);
    expect([...new Set(documented)].filter((code) => !declared.has(code))).toEqual([]);
  });

  it('ErrorCode accepts codes of several owners (a typo in this list would not compile)', () => {
    // A typo here would not compile; the assertion keeps the sample in sync with the tables.
    const sample: ErrorCode[] = ['round_closed', 'coordinator_required', 'stale_version', 'not_found', 'invitation_not_found'];
    for (const code of sample) expect(declared.has(code)).toBe(true);
  });
});
