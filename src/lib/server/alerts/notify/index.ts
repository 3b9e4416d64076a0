/** The notifier: alert transitions in, Notifications out (routing, grouping, silences, acks, mute times). */
export { Notifier, NotifyConfigError, type ChannelRef, type NotifierConfig, type NotifierOptions } from './notifier.ts';
export {
	parseMatcher,
	parseMatchers,
	matches,
	matchesAll,
	formatMatcher,
	formatMatchers,
	MatcherError,
	type Matcher,
	type MatchOp
} from './matchers.ts';
export {
	SilenceStore,
	SilenceError,
	silenceState,
	EXPIRED_RETENTION_MS,
	type SilenceState,
	type SilenceView
} from './silences.ts';
export { MuteTimes, isInMuteTime } from './mute-times.ts';
export {
	routeAlert,
	compileRoutes,
	groupKeyOf,
	groupLabelsOf,
	type RoutingTable,
	type Target,
	type GroupSettings
} from './routing.ts';
export { alertUrl, groupUrl } from './message.ts';
export { parseSnapshot, SNAPSHOT_VERSION, type NotifierSnapshot } from './snapshot.ts';
export {
	notifyConfigShape,
	NotifyConfigSchema,
	checkNotifyReferences,
	RouteSchema,
	MuteTimeSchema,
	TimeIntervalSchema,
	MatcherSchema,
	SilenceInputSchema,
	SilenceSchema,
	durationToMs,
	describeIssues,
	type Route,
	type RouteInput,
	type MuteTime,
	type MuteTimeInput,
	type TimeInterval,
	type NotifyConfig,
	type Silence,
	type SilenceInput
} from './schema.ts';
