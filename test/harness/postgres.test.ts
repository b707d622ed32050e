import pg, { sql } from '@databases/pg';
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from './postgres.ts';

const pgUrl = inject('pgUrl');
const SKIP_NOTE = 'no test PostgreSQL (CDP_TEST_SKIP_PG=1): set CDP_TEST_PG_URL or unset CDP_TEST_SKIP_PG';

// @databases/pg is CommonJS: under NodeNext the default import is module.exports, whose `default`
// property is the typed createConnectionPool (at runtime both are the same function).
function open(url: string) {
  return pg.default({ connectionString: url, bigIntMode: 'number' });
}

describe('test PostgreSQL harness', () => {
  it('serves a real PostgreSQL server at inject("pgUrl")', async (ctx) => {
    if (pgUrl === null) return ctx.skip(SKIP_NOTE);
    const db = open(pgUrl);
    try {
      const [row] = await db.query(sql`select version() as version, 1 as x, current_database() as db`);
      expect(row?.version).toMatch(/^PostgreSQL \d+/);
      expect(row?.x).toBe(1);
      expect(row?.db).toBe(new URL(pgUrl).pathname.slice(1));
    } finally {
      await db.dispose();
    }
  });

  it('createTestDatabase makes a usable, isolated database', async (ctx) => {
    if (pgUrl === null) return ctx.skip(SKIP_NOTE);
    const name = `harness_${randomBytes(4).toString('hex')}`;
    const isolatedUrl = await createTestDatabase(pgUrl, name);
    expect(new URL(isolatedUrl).pathname).toBe(`/${name}`);

    const isolated = open(isolatedUrl);
    const base = open(pgUrl);
    try {
      await isolated.query(sql`create table harness_probe (id int primary key, label text not null)`);
      await isolated.query(sql`insert into harness_probe values (1, 'only here')`);
      const [inside] = await isolated.query(
        sql`select current_database() as db, (select label from harness_probe where id = 1) as label`,
      );
      expect(inside).toEqual({ db: name, label: 'only here' });

      const [outside] = await base.query(sql`select to_regclass('harness_probe') is null as absent`);
      expect(outside?.absent).toBe(true);
    } finally {
      await isolated.dispose();
      await base.query(sql`drop database if exists ${sql.ident(name)}`).catch(() => {});
      await base.dispose();
    }
  });

  it('createTestDatabase re-creates an existing database and rejects unsafe names', async (ctx) => {
    if (pgUrl === null) return ctx.skip(SKIP_NOTE);
    const name = `harness_${randomBytes(4).toString('hex')}`;
    const first = await createTestDatabase(pgUrl, name);
    const db = open(first);
    await db.query(sql`create table leftover (id int)`);
    await db.dispose();

    const second = await createTestDatabase(pgUrl, name);
    const again = open(second);
    const base = open(pgUrl);
    try {
      const [row] = await again.query(sql`select to_regclass('leftover') is null as absent`);
      expect(row?.absent).toBe(true);
    } finally {
      await again.dispose();
      await base.query(sql`drop database if exists ${sql.ident(name)}`).catch(() => {});
      await base.dispose();
    }

    for (const bad of ['Bad', 'x-y', '1abc', 'a; drop database cdp_test', '', 'a'.repeat(64)]) {
      await expect(createTestDatabase(pgUrl, bad)).rejects.toThrow(/invalid test database name/);
    }
  });
});
