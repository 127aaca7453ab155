// API process only; run job processors with `npm run start:worker` (src/worker.ts).
import { run } from './bootstrap';
import { seedDemoIfEmpty } from './seeds/demo';

void run({ http: true, workers: false }, seedDemoIfEmpty);
