import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** ajv 8 validators for the two NIST schemas (draft-07; Unicode regexes, which TokenDatatype needs). */
function validator(file: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv, ['date-time', 'email', 'uri', 'uri-reference']);
  return ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, 'schemas', file), 'utf8')) as object);
}

export const validateAssessmentResults = validator('oscal_assessment-results_schema.json');
export const validatePoam = validator('oscal_poam_schema.json');
export const schemaErrors = (v: ValidateFunction): string[] => (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message}`);
