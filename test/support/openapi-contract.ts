import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

// Statuses any route can answer without listing them: limits enforced before routing
// (body time and size, media type, URL and header size, rate limit). Their body is still
// checked against the problem schema.
const GLOBAL_STATUSES = new Set([408, 413, 414, 415, 429, 431]);

type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

/**
 * OpenAPI 3.0 → JSON Schema for ajv: `nullable` becomes a union with null, and objects
 * with declared properties admit nothing else (an undocumented field is drift too).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, example: _e, examples: _x, ...rest } = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(rest)) {
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, toJsonSchema(s)])) : toJsonSchema(v);
  }
  if (out.$ref) out.$ref = String(out.$ref).replace('#/components/schemas/', 'openapi#/components/schemas/');
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  // swagger emits `type: object` beside allOf/$ref; it adds nothing.
  if ((out.allOf || out.$ref) && out.type === 'object' && !out.properties) delete out.type;
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

/** Checks each response against the status and schema /api/docs-json documents for its route. */
export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: false });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly paths: Record<string, Record<string, Operation>>;
  readonly violations: string[] = [];

  constructor(document: { paths: Record<string, Record<string, Operation>>; components: Schema }) {
    addFormats(this.ajv);
    this.paths = document.paths;
    this.ajv.addSchema({ $id: 'openapi', components: toJsonSchema(document.components) as Schema });
  }

  /** `route` is Fastify's route pattern (`/api/v1/plans/:id`), undefined when none matched. */
  check(method: string, route: string | undefined, url: string, status: number, contentType: string, body: string | undefined) {
    const where = `${method} ${url} → ${status}`;
    const fail = (why: string) => this.violations.push(`${where}: ${why}`);
    const type = contentType.split(';')[0].trim();
    if (status >= 400 && type !== 'application/problem+json') fail(`error answered as "${contentType}", not problem+json`);
    const path = route?.replace(/:(\w+)/g, '{$1}');
    const op = path ? this.paths[path]?.[method.toLowerCase()] : undefined;
    if (!op) return; // not an API route (docs UI, static files) or no route matched (404 above)
    const response = op.responses[String(status)];
    if (!response) {
      if (!GLOBAL_STATUSES.has(status)) fail(`status not documented (documented: ${Object.keys(op.responses).join(', ')})`);
      if (status >= 400 && body !== undefined) this.validate('ProblemDto', { $ref: 'openapi#/components/schemas/ProblemDto' }, body, fail);
      return;
    }
    if (!response.content) {
      if (body) fail('documented without a body, but one was sent');
      return;
    }
    const media = response.content[type];
    if (!media) return fail(`content type "${type}" not documented (documented: ${Object.keys(response.content).join(', ')})`);
    if (body === undefined || !media.schema || !/json/.test(type)) return;
    this.validate(`${method} ${path} ${status} ${type}`, toJsonSchema(media.schema) as Schema, body, fail);
  }

  private validate(key: string, schema: Schema, body: string, fail: (why: string) => void) {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.validators.set(key, validate);
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return fail('body is not JSON');
    }
    if (!validate(value)) fail(this.ajv.errorsText(validate.errors, { dataVar: 'body' }));
  }
}
