// npm run seed:national-2019 — loads the 2019 national picture (Cumbre Nacional de Gobierno
// Abierto, "Resultados") into DATABASE_URL (or the embedded database), on top of what is there.
import 'reflect-metadata';
import { withDataSource } from '../database/cli';
import { seedNational2019 } from './national-2019';

withDataSource(seedNational2019)
  .then((totals) => {
    process.stdout.write(
      'Panorama nacional 2019 cargado (GET /api/v1/dashboard/national):\n' +
        `  ${totals.statesParticipating} estados participantes, ${totals.secretariatsInstalled} secretariados instalados, ` +
        `${totals.actionPlans} planes de acción, ${totals.commitments} compromisos,\n` +
        `  ${totals.civilSocietyOrganizations} organizaciones de la sociedad civil, ${totals.authorities} autoridades, ${totals.guarantorBodies} organismos garantes\n`,
    );
  })
  .catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
