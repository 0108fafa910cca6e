// multi-site-mirror (seed 002): the reference design holds every property on every small configuration
// and reaches every witness; the seed's scenarios replayed step by step.
import { systemSuite } from './support/system-suite.js';
import { multiSiteMirror as system } from '../src/systems/multi-site-mirror/index.js';

systemSuite(system, 'reference');
