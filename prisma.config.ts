// Prisma 7 reads its configuration here. Migrations are ours (src/platform/db/migrate.ts),
// so the CLI is only used for `prisma generate`, which needs no database.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
});
