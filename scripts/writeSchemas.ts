// Writes schemas/*.json from the zod schemas: `npm run schemas` after changing src/core/workspace/schemas.ts.
import { promises as fs } from 'fs';
import * as path from 'path';
import { generateJsonSchemas } from '../src/core/workspace/jsonSchemas';

async function main(): Promise<void> {
  const dir = path.join(__dirname, '..', '..', 'schemas');
  await fs.mkdir(dir, { recursive: true });
  for (const [name, schema] of Object.entries(generateJsonSchemas())) {
    await fs.writeFile(path.join(dir, name), JSON.stringify(schema, null, 2) + '\n');
    console.log(`wrote schemas/${name}`);
  }
}

void main();
