export { handleIngest, type IngestDeps } from './http-handler.ts';
export { acceptPoints, type FieldTypeGate, type Acceptance } from './accept-points.ts';
export { parseLineProtocol } from './line-protocol.ts';
export { parseLineBody } from './line-body.ts';
export { parseJsonPoints, JsonBodyError } from './json-points.ts';
export { formatLine } from './line-format.ts';
export { toNanoseconds, nowNanoseconds, parsePrecision } from './timestamps.ts';
export type { Point, FieldType, FieldValue, Precision, LineError, ParseResult, LineBlock } from './point.ts';
