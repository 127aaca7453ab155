// `npm start`: API and job processors in one process (the embedded default lives here).
import { run } from './bootstrap';
import { seedDemoIfEmpty } from './seeds/demo';

void run({ http: true, workers: true }, seedDemoIfEmpty);
