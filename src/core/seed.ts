import type { Services } from './services.js';

export async function applySeedFile(_services: Services, _file: string): Promise<void> {
  throw new Error('Seeding is not implemented yet');
}
