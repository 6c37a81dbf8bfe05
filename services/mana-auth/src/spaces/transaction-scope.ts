import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, Tx } from '@mana/db';

/**
 * Better Auth runs sign-up inside `adapter.transaction`, but its database hooks
 * only see Better Auth's adapter, not the drizzle transaction behind it. This
 * scope hands Better Auth a view of the database whose `transaction()` records
 * the open drizzle transaction, so our hooks can write with real SQL
 * (`ON CONFLICT DO NOTHING`) into the very transaction that inserts the user.
 */
export interface TransactionScope {
  /** The database to give to Better Auth's drizzle adapter. */
  db: Db;
  /** The drizzle transaction Better Auth has open in this async context, if any. */
  current(): Tx | undefined;
}

/** Wraps `db` so every transaction opened through it is visible to `current()`. */
export function createTransactionScope(db: Db): TransactionScope {
  const storage = new AsyncLocalStorage<Tx>();
  const transaction: Db['transaction'] = (run, config) => db.transaction((tx) => storage.run(tx, () => run(tx)), config);
  const scoped = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') return transaction;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: scoped, current: () => storage.getStore() };
}
