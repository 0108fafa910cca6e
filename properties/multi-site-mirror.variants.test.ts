// multi-site-mirror (seed 002): every naive and prior-art variant is caught by an outcome property in
// both explorers with a trace that replays, and every safety property is shown able to fail.
import { systemSuite } from './support/system-suite.js';
import { multiSiteMirror as system } from '../src/systems/multi-site-mirror/index.js';

systemSuite(system, 'variants');
