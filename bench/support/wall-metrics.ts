import type { CDPSession, Page } from 'playwright-core';

/** What Chromium's DevTools protocol says about a page, for a soak. */
export interface PageSample {
	/** Seconds since the soak began. */
	at: number;
	/** JS heap in use after a forced GC (bytes): what the page holds on to, not garbage not yet swept. */
	heap: number;
	nodes: number;
	listeners: number;
	/** Main-thread task time so far (s): its growth per wall-clock second is how busy the page keeps the CPU. */
	taskS: number;
	scriptS: number;
	layoutS: number;
	styleS: number;
}

export async function openMetrics(page: Page): Promise<CDPSession> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
	return cdp;
}

export async function samplePage(cdp: CDPSession, startedAt: number): Promise<PageSample> {
	await cdp.send('HeapProfiler.collectGarbage');
	const { metrics } = await cdp.send('Performance.getMetrics');
	const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
	return {
		at: (Date.now() - startedAt) / 1000,
		heap: m.JSHeapUsedSize,
		nodes: m.Nodes,
		listeners: m.JSEventListeners,
		taskS: m.TaskDuration,
		scriptS: m.ScriptDuration,
		layoutS: m.LayoutDuration,
		styleS: m.RecalcStyleDuration
	};
}

/**
 * requestAnimationFrame deltas over `ms`, measured in the page. Only while measuring: a loop
 * left running would itself keep the page drawing every frame, which a wall otherwise does not.
 */
export function frameDeltas(page: Page, ms: number): Promise<number[]> {
	// A string, not a function: tsx (esbuild keepNames) would wrap named inner functions in a
	// `__name` helper that does not exist in the page.
	return page.evaluate(`new Promise((resolve) => {
		const deltas = [];
		let last = 0;
		const end = performance.now() + ${Number(ms)};
		const step = (t) => {
			if (last) deltas.push(t - last);
			last = t;
			if (t < end) requestAnimationFrame(step);
			else resolve(deltas);
		};
		requestAnimationFrame(step);
	})`) as Promise<number[]>;
}

export function percentile(xs: readonly number[], p: number): number {
	if (xs.length === 0) return NaN;
	const sorted = [...xs].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
