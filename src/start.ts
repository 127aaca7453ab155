// `npm start`: API and job processors in one process (the embedded default lives here).
import { run } from './bootstrap';

void run({ http: true, workers: true });
