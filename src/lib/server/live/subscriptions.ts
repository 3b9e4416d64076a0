import type { Board } from '../../protocol/boards.ts';
import { seriesKey, type SeriesRef, type SubscribeRequest } from '../../protocol/live.ts';
import type { LiveHub } from './hub.ts';

/** The standard vocabulary: what "all series of a component" means before the component has sent anything. */
export const STANDARD_FIELDS: Record<string, string[]> = {
	traffic: ['requests', 'rps', 'active_users', 'p50_ms', 'p95_ms', 'p99_ms'],
	queue: ['length', 'enqueued', 'dequeued', 'wait_p95_s'],
	errors: ['count', 'rate']
};

export const MAX_SERIES_PER_SUBSCRIPTION = 2_000;

export interface SubscriptionScope {
	hub: LiveHub;
	board(id: string): Board | null;
	boardSeries(board: Board): SeriesRef[];
	/** Components declared in the config. */
	declared: ReadonlySet<string>;
}

/**
 * Turns a subscribe request into rollup series. Only components the config declares or the hub
 * has seen can be subscribed, so a client cannot make the hub allocate series for made-up names.
 */
export function resolveSubscription(req: SubscribeRequest, scope: SubscriptionScope): SeriesRef[] {
	const out: SeriesRef[] = [];
	if (req.board !== undefined) {
		const board = scope.board(String(req.board));
		if (!board) throw new Error(`no board "${req.board}"`);
		out.push(...scope.boardSeries(board));
	}
	for (const component of req.components ?? []) {
		known(scope, component);
		const seen = scope.hub.seriesOf(component).map((r) => scope.hub.ref(r));
		const standard = Object.entries(STANDARD_FIELDS).flatMap(([measurement, fields]) => fields.map((field) => ({ component, measurement, field })));
		out.push(...dedupe([...standard, ...seen]));
	}
	for (const s of req.series ?? []) {
		if (s.instance !== undefined) throw new Error('live series are per component; read one instance through /api/v1/series');
		known(scope, s.component);
		out.push({ component: String(s.component), measurement: String(s.measurement), field: String(s.field) });
	}
	const series = dedupe(out);
	if (series.length > MAX_SERIES_PER_SUBSCRIPTION) throw new Error(`too many series (${series.length}); at most ${MAX_SERIES_PER_SUBSCRIPTION} per subscription`);
	return series;
}

function known(scope: SubscriptionScope, component: string): void {
	if (scope.declared.has(component) || scope.hub.seriesOf(component).length > 0) return;
	throw new Error(`unknown component "${component}"`);
}

function dedupe(series: SeriesRef[]): SeriesRef[] {
	const seen = new Map<string, SeriesRef>();
	for (const s of series) seen.set(seriesKey(s), s);
	return [...seen.values()];
}
