export { createStore, RAW_RETENTION_POLICY, type Store, type StoreOptions } from './store.ts';
export { BatchWriter, type BatchWriterOptions } from './batch-writer.ts';
export { FieldTypeRegistry } from './field-types.ts';
export { Spool, SpoolFullError } from './spool.ts';
export { InfluxHttp, InfluxError, type QuerySeries } from './influx-http.ts';
export { targetFromEnv, isLoopback, authHeader, type InfluxTarget } from './influx-target.ts';
