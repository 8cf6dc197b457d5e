/** The search contract on a real PostgreSQL (KAP_TEST_POSTGRES_URL, default the local one), in a schema of its own dropped after. */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeSearchIndexContract } from './searchIndex.contract.js';
import { createPostgresSearchIndex, SearchIndexUnavailableError } from './postgresSearchIndex.js';

const url = process.env.KAP_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `kap_search_test_${randomUUID().replace(/-/g, '')}`;

describeSearchIndexContract(
  'PostgreSQL',
  () => createPostgresSearchIndex({ url, schema }),
  async (index) => {
    await index.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  },
);

it('says which PostgreSQL it cannot reach, without the password', async () => {
  const opening = createPostgresSearchIndex({ url: 'postgres://kap:s3cret@127.0.0.1:1/kap', schema });
  await expect(opening).rejects.toBeInstanceOf(SearchIndexUnavailableError);
  await expect(opening).rejects.toThrow(/127\.0\.0\.1:1.*KAP_SEARCH_URL/);
  await expect(opening).rejects.not.toThrow(/s3cret/);
});
