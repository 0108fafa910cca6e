// pair-management (seed 003): every naive and prior-art variant is caught by an outcome property in
// both explorers with a trace that replays, and every safety property is shown able to fail.
import { systemSuite } from './support/system-suite.js';
import { pairManagement as system } from '../src/systems/pair-management/index.js';

systemSuite(system, 'variants');
