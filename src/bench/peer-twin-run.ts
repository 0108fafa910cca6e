// One exhaustive run of the peer-twin abstraction in a process of its own, so that `npm run bench`
// times it as SPIN's `pan` is timed: the whole process, start-up included. Prints one JSON line.
import { exploreExhaustive } from '../engine/exhaustive.js';
import { peerTwin } from './peer-twin.js';

const r = exploreExhaustive(peerTwin(), { liveness: false });
process.stdout.write(JSON.stringify({ states: r.states, transitions: r.transitions, verdict: r.verdict, ms: r.ms, bytes: r.bytes, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
