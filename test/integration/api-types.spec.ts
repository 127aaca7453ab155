import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../support/test-app';

// The web app is typed against our own OpenAPI document (web/src/api/schema.d.ts, committed).
// When a route or DTO changes, the committed types must be regenerated in the same change.
const ROOT = join(__dirname, '..', '..');
const COMMITTED = join(ROOT, 'web', 'src', 'api', 'schema.d.ts');

describe('web API types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('match the running OpenAPI document', async () => {
    const spec = await t.http().get('/api/docs-json').expect(200);
    const dir = mkdtempSync(join(tmpdir(), 'cocrea-openapi-'));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(spec.body));
    execFileSync(join(ROOT, 'node_modules', '.bin', 'openapi-typescript'), [join(dir, 'openapi.json'), '-o', join(dir, 'schema.d.ts')], { stdio: 'pipe' });
    const fresh = readFileSync(join(dir, 'schema.d.ts'), 'utf8');
    const committed = readFileSync(COMMITTED, 'utf8');
    // `npm run api:types` runs this test with UPDATE_API_TYPES=1 to write the fresh types.
    if (process.env.UPDATE_API_TYPES === '1') writeFileSync(COMMITTED, fresh);
    else if (fresh !== committed) {
      throw new Error('web/src/api/schema.d.ts is stale: run `npm run api:types` and commit the result.');
    }
  });
});
