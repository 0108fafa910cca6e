// Name resolution shared by every system's `build`: bad names are InputErrors listing what exists.
import { InputError, type ConfigInfo, type Model } from './contract.js';

/** JSON with object keys sorted (functions and undefined left out), so equal data hash equal. */
export function stableJson(x: unknown): string {
  if (x === null || typeof x !== 'object') return typeof x === 'function' || x === undefined ? 'null' : JSON.stringify(x);
  if (Array.isArray(x)) return `[${x.map(stableJson).join(',')}]`;
  const keys = Object.keys(x as object).filter((k) => (x as Record<string, unknown>)[k] !== undefined && typeof (x as Record<string, unknown>)[k] !== 'function').sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((x as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** 64-bit FNV-1a of the stable JSON, as 16 hex digits. */
export function hashJson(x: unknown): string {
  const text = stableJson(x);
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) h = BigInt.asUintN(64, (h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}

export function lookup<C, V extends { name: string }>(
  system: string,
  configs: Record<string, C>,
  variants: V[],
  config: string,
  variant?: string,
): { config: C; variant?: V } {
  // Own properties only: "__proto__" or "constructor" is an unknown name like any other.
  const c = Object.hasOwn(configs, config) ? configs[config] : undefined;
  if (!c) throw new InputError(`unknown configuration "${config}" for ${system} (have: ${Object.keys(configs).join(', ')})`);
  if (variant === undefined || variant === 'reference') return { config: c };
  const v = variants.find((x) => x.name === variant);
  if (!v) throw new InputError(`unknown variant "${variant}" for ${system} (have: reference, ${variants.map((x) => x.name).join(', ')})`);
  return { config: c, variant: v };
}

/**
 * Keeps only the properties a configuration lists (the others cannot apply to it), and stamps the
 * model with a hash of the configuration's definition, which every trace records.
 */
export function restrict(m: Model, config: ConfigInfo, definition: unknown): Model {
  const keep = new Set(config.properties);
  return {
    ...m,
    configHash: hashJson({ definition, info: config }),
    always: m.always.filter((p) => keep.has(p.id)),
    step: m.step.filter((p) => keep.has(p.id)),
    sometimes: m.sometimes.filter((p) => keep.has(p.id)),
    eventually: m.eventually.filter((p) => keep.has(p.id)),
  };
}
