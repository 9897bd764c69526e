import type { Command } from 'commander';
import { openDatabase } from '../../kernel/db/connect.js';
import type { CliContext } from '../context.js';

export function registerDbMigrate(db: Command, ctx: CliContext): void {
  db.command('migrate')
    .description('bring the database schema up to date and list the migrations applied')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = ctx.config(command);
      const database = await openDatabase(config.database.url);
      let applied: string[];
      try {
        const { migrateDatabase } = await import('../runtime.js');
        applied = await migrateDatabase(database);
      } finally {
        await database.close();
      }
      if (options.json) return ctx.json({ database: database.location, applied });
      if (applied.length === 0)
        return ctx.out(`database ${database.location} is up to date; nothing to apply`);
      ctx.out(`applied ${applied.length} migration(s) to ${database.location}:`);
      for (const name of applied) ctx.out(`  ${name}`);
    });
}
