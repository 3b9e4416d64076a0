/**
 * Delivery of alert notifications to chat channels: queue, pacing, retries, dead letters, and
 * persistence across restarts. Formatting lives in ../channels.
 */
export { Deliverer, type DelivererOptions, type ChannelStats, type TestResult } from './deliverer.ts';
export type { DeadLetter, PendingEntry } from './outbox.ts';
export type { DeliveryError } from './send.ts';
export { backoffMs, parseRetryAfter } from './backoff.ts';
