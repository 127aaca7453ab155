import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { constants as zlib } from 'node:zlib';

/** The checkout's root, from src/web (ts-jest) or dist/src/web (built). */
const ROOT = existsSync(join(__dirname, '..', '..', 'package.json')) ? resolve(__dirname, '..', '..') : resolve(__dirname, '..', '..', '..');
/** Where `npm run build` puts the browser app. */
export const WEB_DIST = join(ROOT, 'web', 'dist');

/** Paths that belong to the server: an unknown GET there is a problem+json 404, never the app. */
const SERVER_PATHS = /^\/(api|health|admin)(\/|$)/;
const HASHED_ASSET = /^\/assets\//;

/** A header setter that works whether @fastify/static hands us the reply or the raw response. */
type HeaderTarget = { header?: (k: string, v: string) => unknown; setHeader?: (k: string, v: string) => unknown };
const setHeader = (res: HeaderTarget, name: string, value: string) =>
  typeof res.header === 'function' ? res.header(name, value) : res.setHeader!(name, value);

/**
 * Compression for every answer (API JSON, CSV exports) and the browser app from web/dist
 * (DESIGN §8): precompressed .br/.gz files, a year of cache for hashed assets, `no-cache`
 * for index.html, and index.html for every other GET outside /api, /health and /admin so
 * client-side routes survive a reload.
 */
export async function registerWebServing(app: NestFastifyApplication, distDir = WEB_DIST): Promise<void> {
  await app.register(compress as never, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // Quality 4 keeps brotli cheap enough to run on every JSON answer (11 is for static files).
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  });
  if (!existsSync(join(distDir, 'index.html'))) return;

  await app.register(fastifyStatic as never, {
    root: distDir,
    prefix: '/',
    wildcard: false,
    index: false,
    preCompressed: true,
    setHeaders: (res: HeaderTarget, path: string) => {
      // The path is the file actually sent: index.html.br for a brotli answer.
      const rel = path.slice(distDir.length).replace(/\\/g, '/').replace(/\.(br|gz)$/, '');
      if (rel === '/index.html') setHeader(res, 'cache-control', 'no-cache');
      else if (HASHED_ASSET.test(rel)) setHeader(res, 'cache-control', 'public, max-age=31536000, immutable');
      else setHeader(res, 'cache-control', 'public, max-age=3600');
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/*', (request, reply) => {
    // A missing asset is a 404, not the app: a stale tab asking for an old bundle must fail clearly.
    if (SERVER_PATHS.test(request.url) || HASHED_ASSET.test(request.url)) return reply.callNotFound();
    return (reply as unknown as { sendFile(f: string): unknown }).sendFile('index.html');
  });
  fastify.get('/', (_request, reply) => (reply as unknown as { sendFile(f: string): unknown }).sendFile('index.html'));
}
