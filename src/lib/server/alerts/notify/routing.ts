import type { Labels } from '../types.ts';
import { formatMatchers, matchesAll, parseMatchers, type Matcher } from './matchers.ts';
import { durationToMs, type Route } from './schema.ts';

/** Timing and muting of a group, copied onto the group so it outlives a route removed by hot reload. */
export interface GroupSettings {
	groupWaitMs: number;
	groupIntervalMs: number;
	repeatIntervalMs: number;
	muteTimes: string[];
}

export interface CompiledRoute {
	/** Stable across restarts and reloads that keep the route: its name, or its matchers. */
	key: string;
	matchers: Matcher[];
	channels: string[];
	/** null: every label (`['...']`). */
	groupBy: string[] | null;
	continue: boolean;
	settings: GroupSettings;
}

export interface RoutingTable {
	routes: CompiledRoute[];
	/** No route matched: `default_channels` with default timing. */
	fallback: CompiledRoute;
}

/** Where one alert goes: one group per (route, channel). */
export interface Target {
	route: CompiledRoute;
	channel: string;
	groupKey: string;
	groupLabels: Labels;
}

export const DEFAULT_ROUTE_KEY = 'default';

/** Throws naming `alerts.routes[i].channels[j]` when a route names a channel nobody declared. */
export function compileRoutes(
	routes: readonly Route[],
	defaultChannels: readonly string[],
	knownChannels: ReadonlySet<string>
): RoutingTable {
	const check = (ids: readonly string[], path: string) =>
		ids.forEach((c, j) => {
			if (!knownChannels.has(c)) throw new Error(`${path}[${j}]: unknown channel "${c}" (declare it under channels)`);
		});
	check(defaultChannels, 'alerts.default_channels');
	const seen = new Set<string>([DEFAULT_ROUTE_KEY]);
	const compiled = routes.map((r, i) => {
		check(r.channels, `alerts.routes[${i}].channels`);
		const matchers = parseMatchers(r.matchers);
		let key = r.name ?? formatMatchers(matchers);
		// Two routes with the same matchers (say, one per channel) still need distinct groups.
		if (seen.has(key)) key = `${key}#${i}`;
		seen.add(key);
		return compileRoute(key, matchers, r);
	});
	const fallback = compileRoute(DEFAULT_ROUTE_KEY, [], { channels: [...defaultChannels] });
	return { routes: compiled, fallback };
}

function compileRoute(key: string, matchers: Matcher[], r: Partial<Route> & { channels: string[] }): CompiledRoute {
	const groupBy = r.group_by ?? ['alertname', 'component'];
	return {
		key,
		matchers,
		channels: r.channels,
		groupBy: groupBy.includes('...') ? null : [...groupBy].sort(),
		continue: r.continue ?? false,
		settings: {
			groupWaitMs: durationToMs(r.group_wait ?? '0s'),
			groupIntervalMs: durationToMs(r.group_interval ?? '30s'),
			repeatIntervalMs: durationToMs(r.repeat_interval ?? '1h'),
			muteTimes: r.mute_times ?? []
		}
	};
}

/** First matching route wins unless it says `continue`; no match at all falls back to default channels. */
export function routeAlert(labels: Labels, table: RoutingTable): Target[] {
	const targets: Target[] = [];
	let matched = false;
	for (const route of table.routes) {
		if (!matchesAll(route.matchers, labels)) continue;
		matched = true;
		addTargets(targets, route, labels);
		if (!route.continue) break;
	}
	if (!matched) addTargets(targets, table.fallback, labels);
	return targets;
}

function addTargets(out: Target[], route: CompiledRoute, labels: Labels): void {
	const groupLabels = groupLabelsOf(labels, route.groupBy);
	for (const channel of route.channels)
		out.push({ route, channel, groupLabels, groupKey: groupKeyOf(route.key, channel, groupLabels) });
}

/** A label the alert lacks is left out, as Alertmanager does, rather than grouped under "". */
export function groupLabelsOf(labels: Labels, groupBy: readonly string[] | null): Labels {
	const out: Labels = {};
	for (const name of groupBy ?? Object.keys(labels).sort()) if (labels[name] !== undefined) out[name] = labels[name];
	return out;
}

/** `{severity="critical"}/ops-slack/{alertname="QueueGrowing",component="waiting-room"}`. */
export function groupKeyOf(routeKey: string, channel: string, groupLabels: Labels): string {
	const pairs = Object.keys(groupLabels)
		.sort()
		.map((name) => ({ name, op: '=' as const, value: groupLabels[name] }));
	return `${routeKey}/${channel}/${formatMatchers(pairs)}`;
}
