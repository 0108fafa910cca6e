// Every registered system, by name.
import type { System } from '../engine/contract.js';
import { multiSiteMirror } from './multi-site-mirror/index.js';
import { orderedDelivery } from './ordered-delivery/index.js';
import { pairManagement } from './pair-management/index.js';
import { splitBackup } from './split-backup/index.js';
import { threeSiteJournal } from './three-site-journal/index.js';

export const systems: System[] = [orderedDelivery, threeSiteJournal, splitBackup, multiSiteMirror, pairManagement];
