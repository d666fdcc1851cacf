import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../platform/config/project-root';
import { buildAppSchema } from '../app/schema';

/** npm run schema:emit: writes the subgraph SDL to schema.graphql (a test keeps it current). */
buildAppSchema()
  .then(({ sdl }) => {
    writeFileSync(join(projectRoot(), 'schema.graphql'), sdl);
    process.stdout.write('schema.graphql written\n');
  })
  .catch((error) => {
    process.stderr.write(`schema:emit: ${(error as Error).message}\n`);
    process.exit(1);
  });
