import * as z from 'zod';
import { runRecordSchema } from '../store/runRecord';
import { clientManifestSchema, evalSetFileSchema, workspaceSettingsSchema } from './schemas';

/**
 * JSON Schemas generated from the zod schemas, for the YAML extension's completion and hover
 * (contributed through `yamlValidation`). `npm run schemas` writes them to `schemas/`, and a unit
 * test fails when the committed files drift from the zod truth.
 */
export function generateJsonSchemas(): Record<string, object> {
  const toSchema = (schema: z.ZodType, title: string) => ({
    ...z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }),
    title,
  });
  return {
    'client.schema.json': toSchema(clientManifestSchema, 'Upkeep client manifest (client.yaml)'),
    'eval-set.schema.json': toSchema(evalSetFileSchema, 'Upkeep eval set'),
    'run-record.schema.json': toSchema(runRecordSchema, 'Upkeep run record'),
    'workspace.schema.json': toSchema(workspaceSettingsSchema, 'Upkeep workspace settings (upkeep.yaml)'),
  };
}
