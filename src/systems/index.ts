// Every registered system, by name.
import type { System } from '../engine/contract.js';
import { orderedDelivery } from './ordered-delivery/index.js';

export const systems: System[] = [orderedDelivery];
