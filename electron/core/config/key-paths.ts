// Dotted key paths of the configuration ("accolades.url", "rules"), read off the schema, so a
// policy's `locked` list can be checked for typos and values can be attributed to a layer.
import type { z } from 'zod';
import { configSchema } from './schema.js';

type AnySchema = z.core.$ZodType;

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: AnySchema };
    if (
      (def.type === 'default' || def.type === 'prefault' || def.type === 'optional') &&
      def.innerType
    ) {
      current = def.innerType;
    } else {
      return current;
    }
  }
}

function objectShape(schema: AnySchema): Record<string, AnySchema> | undefined {
  const def = unwrap(schema)._zod.def as { type: string; shape?: Record<string, AnySchema> };
  return def.type === 'object' ? def.shape : undefined;
}

/** Every key path of the config schema, objects included: ["accolades", "accolades.url", …, "rules"]. */
export function configKeyPaths(): string[] {
  const out: string[] = [];
  const walk = (shape: Record<string, AnySchema>, prefix: string): void => {
    for (const [key, child] of Object.entries(shape)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.push(path);
      const inner = objectShape(child);
      if (inner) walk(inner, path);
    }
  };
  walk(objectShape(configSchema) ?? {}, '');
  return out.filter((p) => p !== 'version');
}

/** True when `path` is `lockedPath` or lies under it ("accolades.url" under "accolades"). */
export function isUnder(path: string, lockedPath: string): boolean {
  return path === lockedPath || path.startsWith(`${lockedPath}.`);
}

/** True when any locked key covers `path`. */
export function isLocked(path: string, locked: Iterable<string>): boolean {
  for (const key of locked) if (isUnder(path, key)) return true;
  return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The leaves of a config-shaped object: plain objects are walked, arrays (rules) and scalars are
 * leaves. `{ accolades: { url: 'x' }, rules: [] }` → [['accolades.url','x'], ['rules', []]].
 */
export function leaves(value: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(child)) out.push(...leaves(child, path));
    else out.push([path, child]);
  }
  return out;
}

export function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

/** Returns a copy of `target` with `path` set (creating objects on the way). */
export function setPath(
  target: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const copy = { ...target };
  if (rest.length === 0) {
    copy[head] = value;
  } else {
    const child = isPlainObject(copy[head]) ? (copy[head] as Record<string, unknown>) : {};
    copy[head] = setPath(child, rest.join('.'), value);
  }
  return copy;
}
