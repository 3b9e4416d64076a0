/**
 * The alert pipeline's shared vocabulary. Data flows one way:
 *
 *   rules engine (per tick, from a ValueSource: the live hub, or InfluxDB for a backtest)
 *     -> AlertTransition[]  -> notifier (routes, groups, silences, acks, mute times)
 *     -> Notification[]     -> delivery (per-channel formatting, retries, dead letters)
 *
 * Every stage is a plain class with JSON `snapshot()`/`restore()` so a restart neither repeats
 * nor loses a message; the alert service owns the files.
 */

export type Severity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'inactive' | 'pending' | 'firing' | 'resolved';
export type Labels = Record<string, string>;
export type Language = 'en' | 'ko';

/** Where a rule reads its values: the live hub now, InfluxDB in a backtest. */
export interface ValueSource {
	/** Component rollup (sum of counts/rates, max of queue and latency) at one second; NaN when absent. */
	component(component: string, measurement: string, field: string, second: number): number;
	/** Per-instance values of one component field at one second (instance tag -> value), only those present. */
	instances(component: string, measurement: string, field: string, second: number): Map<string, number>;
	/**
	 * Optional, for speed: per instance, the sum of its values over seconds [from, to] (only instances
	 * with any value); what summing `instances()` over those seconds gives, without a map per second.
	 */
	instanceSums?(component: string, measurement: string, field: string, fromSecond: number, toSecond: number): Map<string, number>;
	/** Optional, for speed: per instance, the latest second in [from, to] at which it had a value. */
	instanceLatest?(component: string, measurement: string, field: string, fromSecond: number, toSecond: number): Map<string, number>;
}

/** One rule applied to one target (a component, or one instance of it). */
export interface AlertInstance {
	/** Stable across restarts: `${rule}|${component}` or `${rule}|${component}|${instance}`. */
	id: string;
	rule: string;
	/** alertname, severity, component, org, stage, instance (when per instance), plus the rule's own labels. */
	labels: Labels;
	status: AlertStatus;
	/** The value the rule last saw (NaN-free; null for no data). */
	value: number | null;
	threshold: number | null;
	/** Rendered from the rule's templates, in both languages. */
	summary: Record<Language, string>;
	/** Epoch ms: when the condition started holding (pending), when it fired, when it resolved. */
	pendingSince: number | null;
	firingSince: number | null;
	resolvedAt: number | null;
	ack: Acknowledgement | null;
}

export interface Acknowledgement {
	by: string;
	at: number;
	comment?: string;
}

export interface AlertTransition {
	alertId: string;
	rule: string;
	labels: Labels;
	from: AlertStatus;
	to: AlertStatus;
	/** Epoch ms of the second the transition happened in (simulated time in tests). */
	at: number;
	value: number | null;
	threshold: number | null;
	summary: Record<Language, string>;
}

/** One alert as a channel message shows it. */
export interface NotifiedAlert {
	id: string;
	status: 'firing' | 'resolved';
	labels: Labels;
	summary: string;
	value: number | null;
	threshold: number | null;
	startsAt: number;
	/** Epoch ms; null while firing. */
	endsAt: number | null;
	acknowledged: boolean;
	/** Deep link to the alert in the dashboard. */
	url: string;
}

/** One message for one alert group to one channel: what a delivery sends. */
export interface Notification {
	/** Unique and stable: an idempotency key across retries and restarts. */
	id: string;
	channel: string;
	/** Stable identity of the group (route + grouping label values). */
	groupKey: string;
	groupLabels: Labels;
	commonLabels: Labels;
	/** `firing` while any alert of the group fires. */
	status: 'firing' | 'resolved';
	alerts: NotifiedAlert[];
	language: Language;
	/** Dashboard base URL, e.g. http://ops.example:3000 (no trailing slash). */
	externalUrl: string;
	/** Link to the alerts page filtered to this group. */
	groupUrl: string;
	/** Epoch ms the notifier emitted it. */
	createdAt: number;
}
