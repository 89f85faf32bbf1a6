import type { Services } from '../core/services.js';

export async function printSeedSummary(_services: Services, _file: string): Promise<void> {}
