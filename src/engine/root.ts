// Where the checkout is, and where a module's compiled JavaScript is: worker threads need a .js file,
// also when the caller runs from the TypeScript sources (vitest).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The checkout's root, whether this runs compiled (dist/src/engine) or from source (src/engine). */
export const PROJECT_ROOT = ((): string => {
  for (const up of ['../../../', '../../']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(`${dir}package.json`) && existsSync(`${dir}spec`)) return dir;
  }
  return fileURLToPath(new URL('../../../', import.meta.url));
})();

/**
 * The compiled module `relative` to the module at `base` (an import.meta.url): itself when `base` is
 * compiled, its twin under dist/ when `base` is a TypeScript source (`npm test` compiles first).
 */
export function compiledModule(relative: string, base: string): string {
  const target = fileURLToPath(new URL(relative, base));
  if (!base.endsWith('.ts')) return pathToFileURL(target).href;
  return pathToFileURL(`${PROJECT_ROOT}dist/${target.slice(PROJECT_ROOT.length)}`).href;
}
