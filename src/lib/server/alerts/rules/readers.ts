import type { Component } from '../../config/index.ts';
import type { ValueSource } from '../types.ts';
import { sumByReading, type Input, type Reader } from './kinds/index.ts';

/**
 * Per-instance maps read during one evaluation, shared by every rule that reads the same
 * component field at the same second: the source builds each map once per tick, not once per
 * rule. Window sums and "last seen" maps are derived once the same way, so a per-instance rule
 * over a 30 s window costs one lookup per instance, not thirty.
 */
export class TickCache {
	source!: ValueSource;
	private readonly maps = new Map<string, Map<string, number>>();

	begin(source: ValueSource): void {
		this.source = source;
		this.maps.clear();
	}

	/** Drops the maps so they do not outlive the tick. */
	end(): void {
		this.maps.clear();
	}

	instances(component: string, input: Input, second: number): Map<string, number> {
		const key = `${component}\u0000${input.measurement}\u0000${input.field}\u0000${second}`;
		let m = this.maps.get(key);
		if (!m) this.maps.set(key, (m = this.source.instances(component, input.measurement, input.field, second)));
		return m;
	}

	/** Instance -> sum over (second - window, second], for instances with any value in it. */
	sums(component: string, input: Input, second: number, window: number): Map<string, number> {
		const key = `${component}\u0000${input.measurement}\u0000${input.field}\u0000${second}\u0000sum${window}`;
		let out = this.maps.get(key);
		if (out) return out;
		const from = second - window + 1;
		if (this.source.instanceSums) {
			out = this.source.instanceSums(component, input.measurement, input.field, from, second);
		} else {
			out = new Map();
			for (let s = from; s <= second; s++) this.instances(component, input, s).forEach((v, instance) => out!.set(instance, (out!.get(instance) ?? 0) + v));
		}
		this.maps.set(key, out);
		return out;
	}

	/** Instance -> latest second in [from, second] at which any of `inputs` had a value. */
	latest(component: string, inputs: Input[], inputsKey: string, from: number, second: number): Map<string, number> {
		const key = `${component}\u0000${inputsKey}\u0000${second}\u0000latest${from}`;
		let out = this.maps.get(key);
		if (out) return out;
		const src = this.source;
		if (src.instanceLatest && inputs.length === 1) {
			out = src.instanceLatest(component, inputs[0].measurement, inputs[0].field, from, second);
		} else if (src.instanceLatest) {
			out = new Map();
			for (const input of inputs) {
				src.instanceLatest(component, input.measurement, input.field, from, second).forEach((s, instance) => {
					if ((out!.get(instance) ?? -Infinity) < s) out!.set(instance, s);
				});
			}
		} else {
			out = new Map();
			for (let s = from; s <= second; s++) for (const input of inputs) this.instances(component, input, s).forEach((_, instance) => out!.set(instance, s));
		}
		this.maps.set(key, out);
		return out;
	}
}

/** A component target reads the source's rollups directly. One reused object per engine. */
export class ComponentReader implements Reader {
	component!: Component;
	readonly instance = null;
	inputs!: Input[];
	source!: ValueSource;

	read(i: number, second: number): number {
		const input = this.inputs[i];
		return this.source.component(this.component.id, input.measurement, input.field, second);
	}

	sum(i: number, second: number, window: number): number {
		return sumByReading(this, i, second, window);
	}

	latest(from: number, second: number): number {
		for (let s = second; s >= from; s--) for (let i = 0; i < this.inputs.length; i++) if (!Number.isNaN(this.read(i, s))) return s;
		return -Infinity;
	}
}

/**
 * An instance target reads the per-instance maps of its component. The maps of the window are
 * fetched lazily, once per (input, second) and component, then every instance reads from them.
 */
export class InstanceReader implements Reader {
	component!: Component;
	instance: string | null = null;
	/** The value of input 0 at the evaluated second for `primaryFor` (already in hand while iterating that map). */
	primary = NaN;
	primaryFor: string | null = null;
	private inputs: Input[] = [];
	private inputsKey = '';
	private cache!: TickCache;
	private second = 0;
	private span = 1;
	private readonly maps: (Map<string, number> | undefined)[] = [];
	/** Per input: the sums map of the last window asked for, for the rest of this component. */
	private readonly sumMaps: (Map<string, number> | undefined)[] = [];
	private readonly sumWindows: number[] = [];
	private latestMap: Map<string, number> | undefined;

	begin(cache: TickCache, component: Component, inputs: Input[], inputsKey: string, lookback: number, second: number): void {
		this.cache = cache;
		this.component = component;
		this.inputs = inputs;
		this.inputsKey = inputsKey;
		this.second = second;
		this.span = lookback + 1;
		this.maps.length = inputs.length * this.span;
		this.maps.fill(undefined);
		this.sumMaps.length = inputs.length;
		this.sumMaps.fill(undefined);
		this.latestMap = undefined;
		this.primaryFor = null;
	}

	mapOf(i: number, second: number): Map<string, number> {
		const offset = this.second - second;
		if (offset < 0 || offset >= this.span) return this.cache.instances(this.component.id, this.inputs[i], second);
		const k = i * this.span + offset;
		let m = this.maps[k];
		if (m === undefined) this.maps[k] = m = this.cache.instances(this.component.id, this.inputs[i], second);
		return m;
	}

	read(i: number, second: number): number {
		if (i === 0 && second === this.second && this.primaryFor !== null && this.primaryFor === this.instance) return this.primary;
		const v = this.mapOf(i, second).get(this.instance!);
		return v === undefined ? NaN : v;
	}

	sum(i: number, second: number, window: number): number {
		if (second !== this.second) return sumByReading(this, i, second, window);
		let m = this.sumMaps[i];
		if (m === undefined || this.sumWindows[i] !== window) {
			this.sumMaps[i] = m = this.cache.sums(this.component.id, this.inputs[i], second, window);
			this.sumWindows[i] = window;
		}
		const v = m.get(this.instance!);
		return v === undefined ? NaN : v;
	}

	/** Derived once per component for the widest range a rule may ask (its lookback), then cut at `from`. */
	latest(from: number, second: number): number {
		const s = this.recentlySeen(second).get(this.instance!);
		return s !== undefined && s >= from ? s : -Infinity;
	}

	/** Instance -> latest second with any input in the lookback: also who reported recently. */
	recentlySeen(second: number): Map<string, number> {
		this.latestMap ??= this.cache.latest(this.component.id, this.inputs, this.inputsKey, second - this.span + 1, second);
		return this.latestMap;
	}
}
