// A verify worker thread: runs the tasks the main thread hands it and returns their results.
import { parentPort } from 'node:worker_threads';
import { runTask, type VerifyOptions, type VerifyTask } from './engine/report.js';
import { systems } from './systems/index.js';

parentPort!.on('message', (m: { id: number; task: VerifyTask; opts: VerifyOptions }) => {
  const system = systems.find((s) => s.name === m.task.system)!;
  const result = runTask(system, m.task, m.opts);
  parentPort!.postMessage({ id: m.id, json: JSON.stringify(result) });
});
