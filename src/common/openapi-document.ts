import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { applyRequestContent } from './openapi';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema };

// class-validator rule → the JSON Schema keyword that says the same, given its first constraint.
const KEYWORDS: Record<string, (c: unknown[] | undefined) => [string, unknown] | undefined> = {
  maxLength: (c) => ['maxLength', c?.[0]],
  minLength: (c) => ['minLength', c?.[0]],
  isNotEmpty: () => ['minLength', 1],
  min: (c) => ['minimum', c?.[0]],
  max: (c) => ['maximum', c?.[0]],
  arrayMinSize: (c) => ['minItems', c?.[0]],
  arrayMaxSize: (c) => ['maxItems', c?.[0]],
  arrayUnique: () => ['uniqueItems', true],
  isUuid: () => ['format', 'uuid'],
  isEmail: () => ['format', 'email'],
  isInt: () => ['type', 'integer'],
  isIn: (c) => ['enum', c?.[0]],
};

/**
 * Finishes the generated document: per-media request bodies (ApiRequestContent), and adds
 * to each request schema the bounds its class-validator rules enforce (lengths,
 * ranges, sizes, uuid/email formats, enums) where the @ApiProperty left them out, so the
 * document states what the server checks without repeating every rule by hand.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, { name?: string; propertyName: string; constraints?: unknown[]; each?: boolean }[]> };
  const byClass = new Map<string, Function>();
  for (const target of storage.validationMetadatas.keys()) byClass.set(target.name, target);
  for (const [name, schema] of Object.entries(schemas)) {
    const cls = byClass.get(name);
    // A DTO's rules include those it inherits.
    const rules = [];
    for (let c: Function | undefined = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
      rules.push(...(storage.validationMetadatas.get(c) ?? []));
    }
    for (const rule of rules) {
      const keyword = rule.name ? KEYWORDS[rule.name]?.(rule.constraints) : undefined;
      const property = schema.properties?.[rule.propertyName];
      if (!keyword || keyword[1] === undefined || !property) continue;
      const target = rule.each ? property.items : property;
      if (!target || target.$ref || target.allOf) continue;
      const [key, value] = keyword;
      if (key === 'type' && target.type !== 'number') continue;
      if (target[key] === undefined) target[key] = value;
    }
  }
  for (const ops of Object.values(document.paths)) for (const op of Object.values(ops)) if (op && typeof op === 'object') applyRequestContent(op as Record<string, unknown>);
  return document;
}
