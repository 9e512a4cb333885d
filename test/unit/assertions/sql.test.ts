import * as assert from 'assert';
import { run } from './helpers';

describe('assertions: is-sql and contains-sql', () => {
  it('is-sql passes valid MySQL by default and fails invalid or empty SQL', async () => {
    assert.strictEqual((await run({ type: 'is-sql' }, 'SELECT id, name FROM users WHERE id = 1;')).pass, true);
    const bad = await run({ type: 'is-sql' }, 'SELEC id FROM users');
    assert.deepStrictEqual([bad.pass, bad.error], [false, undefined]);
    assert.match(bad.reason, /^Output is not accepted as SQL: it is not valid MySQL SQL/);
    assert.strictEqual((await run({ type: 'is-sql' }, '')).reason, 'Output is not accepted as SQL: it is empty');
    assert.strictEqual((await run({ type: 'not-is-sql' }, 'Hello there')).pass, true);
  });

  it('databaseType picks the dialect, case-insensitively', async () => {
    assert.strictEqual((await run({ type: 'is-sql', value: { databaseType: 'postgresql' } }, 'SELECT "id" FROM "users" LIMIT 1 OFFSET 2')).pass, true);
    assert.strictEqual((await run({ type: 'is-sql', value: { databaseType: 'MySQL' } }, 'SELECT `id` FROM `users`')).pass, true);
  });

  it("applies promptfoo's authority lists for tables and columns", async () => {
    const value = { databaseType: 'MySQL', allowedTables: ['(select|update|insert|delete)::null::departments'], allowedColumns: ['select::null::name', 'update::null::id'] };
    assert.strictEqual((await run({ type: 'is-sql', value }, 'SELECT name FROM departments')).pass, true);
    const table = await run({ type: 'is-sql', value }, 'SELECT name FROM secrets');
    assert.deepStrictEqual([table.pass, /allowedTables/.test(table.reason)], [false, true]);
    const column = await run({ type: 'is-sql', value }, 'SELECT salary FROM departments');
    assert.deepStrictEqual([column.pass, /allowedColumns/.test(column.reason)], [false, true]);
  });

  it('contains-sql passes SQL alone or in a ``` block, tagged sql or not', async () => {
    assert.strictEqual((await run({ type: 'contains-sql' }, 'SELECT 1')).pass, true);
    assert.strictEqual((await run({ type: 'contains-sql' }, 'Here you go:\n```sql\nSELECT `id` FROM `users`;\n```\nEnjoy.')).pass, true);
    assert.strictEqual((await run({ type: 'contains-sql' }, 'Try:\n```\nDELETE FROM carts WHERE id = 4\n```')).pass, true);
    const prose = await run({ type: 'contains-sql' }, 'Just some words');
    assert.deepStrictEqual([prose.pass, prose.error], [false, undefined]);
    assert.strictEqual((await run({ type: 'contains-sql' }, '```sql\nSELEC nope\n```')).pass, false);
  });
});
