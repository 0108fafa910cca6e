// Name resolution shared by every system's `build`: bad names are InputErrors listing what exists.
import { InputError, type ConfigInfo, type Model } from './contract.js';

export function lookup<C, V extends { name: string }>(
  system: string,
  configs: Record<string, C>,
  variants: V[],
  config: string,
  variant?: string,
): { config: C; variant?: V } {
  const c = configs[config];
  if (!c) throw new InputError(`unknown configuration "${config}" for ${system} (have: ${Object.keys(configs).join(', ')})`);
  if (variant === undefined || variant === 'reference') return { config: c };
  const v = variants.find((x) => x.name === variant);
  if (!v) throw new InputError(`unknown variant "${variant}" for ${system} (have: reference, ${variants.map((x) => x.name).join(', ')})`);
  return { config: c, variant: v };
}

/** Keeps only the properties a configuration lists (the others cannot apply to it). */
export function restrict(m: Model, config: ConfigInfo): Model {
  const keep = new Set(config.properties);
  return {
    ...m,
    always: m.always.filter((p) => keep.has(p.id)),
    step: m.step.filter((p) => keep.has(p.id)),
    sometimes: m.sometimes.filter((p) => keep.has(p.id)),
    eventually: m.eventually.filter((p) => keep.has(p.id)),
  };
}
