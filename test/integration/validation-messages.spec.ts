import { getMetadataStorage } from 'class-validator';
import { fieldMessage, SPANISH_CODES } from '../../src/common/errors/validation';
import { FIELD_LABELS } from '../../src/common/errors/labels';
import { createTestApp, TestApp } from '../support/test-app';

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[]; oneOf?: Schema[] };

// Issue 12, defect 13: a person reads every validation message, so each names its field by a
// Spanish label and no rule falls back to class-validator's English.
describe('validation messages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('every documented input field has a Spanish label', async () => {
    const doc = (await t.http().get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
      components: { schemas: Record<string, Schema> };
    };
    const names = new Set<string>();
    const seen = new Set<string>();
    const walk = (s: Schema | undefined) => {
      if (!s) return;
      if (s.$ref) {
        const name = s.$ref.split('/').pop()!;
        if (seen.has(name)) return;
        seen.add(name);
        return walk(doc.components.schemas[name]);
      }
      [...(s.allOf ?? []), ...(s.oneOf ?? [])].forEach(walk);
      walk(s.items);
      for (const [p, v] of Object.entries(s.properties ?? {})) {
        names.add(p);
        walk(v);
      }
    };
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        for (const p of op.parameters ?? []) if (p.in !== 'header') names.add(p.name);
        for (const media of Object.values(op.requestBody?.content ?? {})) walk(media.schema);
      }
    }
    expect(names.size).toBeGreaterThan(50);
    expect([...names].filter((n) => !FIELD_LABELS[n])).toEqual([]);
  });

  it('every rule a DTO uses has Spanish wording', () => {
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, { name?: string; type: string }[]> };
    const codes = new Set<string>();
    for (const [target, rules] of storage.validationMetadatas) {
      // The environment's rules are read by operators at start (in English), not by people using the API.
      if (target.name === 'Env') continue;
      for (const r of rules) if (r.name && r.type === 'customValidation') codes.add(r.name);
    }
    expect(codes.size).toBeGreaterThan(15);
    expect([...codes].filter((c) => !SPANISH_CODES.includes(c))).toEqual([]);
  });

  it('one message per field: the kind of value first, then its bounds, in Spanish', () => {
    expect(fieldMessage('limit', 'isInt', Number.NaN)).toBe('Número de resultados: debe ser un número entero.');
    expect(fieldMessage('observations', 'isString', undefined)).toBe('Observaciones: es obligatorio.');
    expect(fieldMessage('milestones.0.title', 'maxLength', 'x', 'title must be shorter than or equal to 300 characters')).toBe('Título: admite como máximo 300 caracteres.');
    expect(fieldMessage('x', 'someNewRule', 1)).toBe('x: tiene un valor no válido.');
  });
});
