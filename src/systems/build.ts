// For the parallel search's workers: builds a registered system's model as the main thread did
// (`import(module).buildModel(args)`), with the same properties checked.
import type { Model } from '../engine/contract.js';
import { findSystem, restrictModel, type BuildArgs } from '../engine/run.js';
import { systems } from './index.js';
import { compiledModule } from '../engine/root.js';

export function buildModel(args: BuildArgs): Model {
  const system = findSystem(systems, args.system);
  return restrictModel(system, system.build(args.config, args.variant), args.checked);
}

/** This module, for `runCheck({ workers, modelModule })`. */
export const MODEL_MODULE = compiledModule('./build.js', import.meta.url);
