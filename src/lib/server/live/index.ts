export { LatestValues, type ComponentLatest } from './latest-values.ts';
export { componentRows } from './component-rows.ts';
export { LiveHub, type HubOptions, type HubStats, type Changes } from './hub.ts';
export { LiveService, type LiveServiceOptions } from './live-service.ts';
export { RollupPersister } from './rollup-persister.ts';
export { ROLLUP_1S, ROLLUP_1M } from './rollup-names.ts';
export { resolveSubscription, STANDARD_FIELDS, MAX_SERIES_PER_SUBSCRIPTION, type SubscriptionScope } from './subscriptions.ts';
