// three-site-journal (seed 000): every naive variant is caught by an outcome property in both
// explorers with a trace that replays, and every safety property is shown able to fail.
import { threeSiteJournal as system } from '../src/systems/three-site-journal/index.js';
import { systemSuite } from './support/system-suite.js';

systemSuite(system, 'variants');
