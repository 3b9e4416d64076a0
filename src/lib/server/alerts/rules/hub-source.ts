import type { LiveHub } from '../../live/hub.ts';
import type { ValueSource } from '../types.ts';

/**
 * The live hub as a rule's value source. Rollup indices are looked up once per component field
 * and remembered (the hub's own lookup builds a key string per call, and the engine asks every
 * second); a field the hub has not seen yet is asked again only after the hub gained series.
 */
export class HubValueSource implements ValueSource {
	private readonly index = new Map<string, Map<string, Map<string, number>>>();

	constructor(private readonly hub: LiveHub) {}

	component(component: string, measurement: string, field: string, second: number): number {
		return this.hub.value(this.rollup(component, measurement, field), second);
	}

	instances(component: string, measurement: string, field: string, second: number): Map<string, number> {
		return this.hub.instanceValues(this.rollup(component, measurement, field), second);
	}

	instanceSums(component: string, measurement: string, field: string, fromSecond: number, toSecond: number): Map<string, number> {
		return this.hub.instanceSums(this.rollup(component, measurement, field), fromSecond, toSecond);
	}

	instanceLatest(component: string, measurement: string, field: string, fromSecond: number, toSecond: number): Map<string, number> {
		return this.hub.instanceLatest(this.rollup(component, measurement, field), fromSecond, toSecond);
	}

	private rollup(component: string, measurement: string, field: string): number {
		let byMeasurement = this.index.get(component);
		if (!byMeasurement) this.index.set(component, (byMeasurement = new Map()));
		let byField = byMeasurement.get(measurement);
		if (!byField) byMeasurement.set(measurement, (byField = new Map()));
		const known = byField.get(field);
		// A miss is stored as -1 - (the hub's series count then): still a miss while that count holds.
		if (known !== undefined && (known >= 0 || -1 - known === this.hub.rollupCount)) return known >= 0 ? known : -1;
		const r = this.hub.findRollup({ component, measurement, field });
		byField.set(field, r >= 0 ? r : -1 - this.hub.rollupCount);
		return r;
	}
}
