import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { freshTestDatabase } from '../support/test-db';

// Entities and migrations must describe the same schema: if this fails, a migration is
// missing (run `npm run migration:generate`) or an entity drifted from its migration.
describe('schema', () => {
  it('has no pending changes after all migrations ran', async () => {
    const ds = await new DataSource(dataSourceOptions(await freshTestDatabase(), 1)).initialize();
    try {
      const sql = await ds.driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
