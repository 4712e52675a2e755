import { z } from 'zod';

/** OTLP's AnyValue, loosely: the scalar kinds are kept, arrays and kvlists are reduced to nothing. */
export const AnyValue = z.looseObject({
  stringValue: z.string().optional(),
  intValue: z.union([z.string(), z.number()]).optional(),
  boolValue: z.boolean().optional(),
  doubleValue: z.number().optional(),
});
export const KeyValue = z.looseObject({ key: z.string(), value: AnyValue.optional() });
export const Attributes = z.array(KeyValue).optional();
export type Attributes = z.infer<typeof Attributes>;

/** Flattens an OTLP attribute list into key -> string, the form the flat console/JSON exports use. */
export function flattenAttributes(attributes: Attributes): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of attributes ?? []) {
    if (!value) continue;
    const v = value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
    if (v !== undefined) out[key] = String(v);
  }
  return out;
}

/** One OTLP logs line (collector file exporter), loosely. */
export const LogsData = z.looseObject({
  resourceLogs: z.array(
    z.looseObject({
      resource: z.looseObject({ attributes: Attributes }).optional(),
      scopeLogs: z
        .array(
          z.looseObject({
            logRecords: z
              .array(
                z.looseObject({
                  timeUnixNano: z.union([z.string(), z.number()]).optional(),
                  body: AnyValue.optional(),
                  attributes: Attributes,
                }),
              )
              .optional(),
          }),
        )
        .optional(),
    }),
  ),
});

/**
 * The log records of one OTLP logs line as flat attribute maps, each with the resource attributes
 * underneath (a record's own keys win) and its body as "event.name" when it has none.
 */
export function flatLogRecords(line: z.infer<typeof LogsData>): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const resourceLog of line.resourceLogs) {
    const resource = flattenAttributes(resourceLog.resource?.attributes);
    for (const scope of resourceLog.scopeLogs ?? [])
      for (const record of scope.logRecords ?? []) {
        const flat = { ...resource, ...flattenAttributes(record.attributes) };
        if (flat['event.name'] === undefined && record.body?.stringValue !== undefined) flat['event.name'] = record.body.stringValue;
        if (flat['event.timestamp'] === undefined && record.timeUnixNano !== undefined) {
          try {
            flat['event.timestamp'] = new Date(Number(BigInt(String(record.timeUnixNano)) / 1_000_000n)).toISOString();
          } catch {
            // an unreadable time stays absent; the event keeps time null
          }
        }
        out.push(flat);
      }
  }
  return out;
}
