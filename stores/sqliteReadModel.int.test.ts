import { describeReadModelContract } from './sessionReadModel.contract.js';
import { createSqliteReadModel } from './sqliteReadModel.js';

describeReadModelContract('embedded SQLite', () => createSqliteReadModel({ path: ':memory:' }));
