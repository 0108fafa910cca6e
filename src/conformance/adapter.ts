// The conformance adapter: what a user implements so that the suite can drive their implementation
// beside a system's model (after fast-check's model-based testing and Quint Connect). Each model
// action is applied to the implementation as the same plain JSON the traces use; after each step
// the implementation reports what hosts and operators can observe, in the shape of the system's
// `observe` projection, and the driver compares the two.
import { InputError, type Action, type Json, type Model, type System } from '../engine/contract.js';

/** One running instance of the implementation under test. Every method may be async. */
export interface Implementation {
  /** Starts over from the configuration's initial state number `init` (the model's `init()[init]`). */
  reset(init: number): void | Promise<void>;
  /** Applies one action; false when the implementation refuses it (it is not enabled there). */
  apply(action: Action): boolean | Promise<boolean>;
  /** What hosts and operators can observe now, in the shape of `system.observe(view)`. */
  observe(): Json | Promise<Json>;
  /**
   * Optional: the actions the implementation could take now (its own internal steps — a destage, a
   * log deletion, a takeover — as well as the inputs it accepts). With it the driver also checks the
   * other direction: a step the implementation can take but the model forbids is a divergence.
   */
  enabled?(): Action[] | Promise<Action[]>;
  close?(): void | Promise<void>;
}

/** What `rcv conform --adapter MODULE` imports (the module's `adapter` export). */
export interface Adapter {
  /** A name for reports and traces. */
  name: string;
  /** The system whose model this implementation claims to follow. */
  system: string;
  /** An implementation set up for one of the system's configurations. */
  connect(config: string): Implementation | Promise<Implementation>;
}

/** The observation projection of a model state. */
export function project(system: System, model: Model, s: Int32Array): Json {
  const view = model.view(s);
  return system.observe ? system.observe(view) : view;
}

/**
 * A model wrapped as an implementation: the reference design (which must conform) or a naive
 * variant (which must be caught). It accepts actions only as JSON, as a foreign implementation would.
 */
export function modelAdapter(system: System, variant: string): Adapter {
  if (variant !== 'reference' && !system.variants.some((v) => v.name === variant)) {
    throw new InputError(`unknown variant "${variant}" for ${system.name} (have: reference, ${system.variants.map((v) => v.name).join(', ')})`);
  }
  return {
    name: `variant:${variant}`,
    system: system.name,
    connect(config: string): Implementation {
      const model = system.build(config, variant);
      const inits = model.init();
      let cur = new Int32Array(model.stateSize);
      let nxt = new Int32Array(model.stateSize);
      const acts = new Int32Array(model.maxActions);
      return {
        reset(init) {
          if (init >= inits.length) throw new Error(`no initial state ${init}`);
          cur.set(inits[init]);
        },
        apply(action) {
          const code = model.actionFromJson(action);
          if (code === undefined) return false;
          const n = model.actions(cur, acts);
          let enabled = false;
          for (let i = 0; i < n && !enabled; i++) enabled = acts[i] === code;
          if (!enabled) return false;
          model.next(cur, code, nxt);
          [cur, nxt] = [nxt, cur];
          return true;
        },
        observe: () => project(system, model, cur),
        enabled() {
          const n = model.actions(cur, acts);
          return Array.from(acts.subarray(0, n), (code) => model.actionToJson(cur, code));
        },
      };
    },
  };
}
