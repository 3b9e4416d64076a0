import type { FieldValue, Point } from '../ingest/point.ts';

/** Latest value of each field of one component, and when it arrived. */
export interface ComponentLatest {
	component: string;
	/** `measurement.field` -> value rolled up across instances (see ROLLUP). */
	values: Record<string, number>;
	instances: number;
	lastSeenMs: number;
}

interface Latest {
	measurement: string;
	instance: string;
	fields: Record<string, FieldValue>;
	/** The parser's shared types object of the point whose fields `fields` is, when it holds exactly those. */
	layout: object | null;
	at: number;
}

/**
 * How one component's instances combine: rates, counts and queue lengths add up; latencies
 * and waits take the worst instance. Anything else (custom fields) takes the last value seen.
 */
const MAX_FIELDS = /(^|_)(p\d+|max|wait)/;

/**
 * The latest point of each (component, instance, measurement), for the first page. Later the
 * live hub's per-tick rollups replace this; it stays bounded by the number of series.
 */
export class LatestValues {
	private readonly byComponent = new Map<string, Map<string, Latest>>();

	/** On the ingest path: one map lookup per point, fields kept by reference or copied in place. */
	publish(points: readonly Point[]): void {
		let component: string | undefined;
		let series: Map<string, Latest> | undefined;
		for (const p of points) {
			if (p.tags.component !== component) {
				component = p.tags.component;
				if (component === undefined) continue;
				series = this.byComponent.get(component);
				if (!series) this.byComponent.set(component, (series = new Map()));
			}
			if (component === undefined) continue;
			let latest = series!.get(p.series);
			if (!latest) series!.set(p.series, (latest = { measurement: p.measurement, instance: p.tags.instance ?? '', fields: {}, layout: null, at: -Infinity }));
			if (latest.at > p.timeMs) continue;
			latest.at = p.timeMs;
			// Points are read-only: one with the same keys as the last replaces it by reference.
			if (Object.isFrozen(p.types) && (latest.layout === p.types || latest.layout === null && Object.keys(latest.fields).length === 0)) {
				latest.fields = p.fields;
				latest.layout = p.types;
				continue;
			}
			if (latest.layout !== null) latest.fields = { ...latest.fields };
			latest.layout = null;
			for (const f in p.fields) latest.fields[f] = p.fields[f];
		}
	}

	snapshot(): ComponentLatest[] {
		const out: ComponentLatest[] = [];
		for (const [component, series] of this.byComponent) {
			const values: Record<string, number> = {};
			const instances = new Set<string>();
			let lastSeenMs = 0;
			for (const { measurement, instance, fields, at } of series.values()) {
				instances.add(instance);
				lastSeenMs = Math.max(lastSeenMs, at);
				for (const [field, v] of Object.entries(fields)) {
					if (typeof v !== 'number') continue;
					const name = `${measurement}.${field}`;
					values[name] = MAX_FIELDS.test(field) ? Math.max(values[name] ?? -Infinity, v) : (values[name] ?? 0) + v;
				}
			}
			out.push({ component, values, instances: instances.size, lastSeenMs });
		}
		return out;
	}
}
