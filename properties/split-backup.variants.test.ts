// split-backup (seed 001): every naive and prior-art variant is caught by an outcome property in both
// explorers with a trace that replays, and every safety property is shown able to fail.
import { systemSuite } from './support/system-suite.js';
import { splitBackup as system } from '../src/systems/split-backup/index.js';

systemSuite(system, 'variants');
