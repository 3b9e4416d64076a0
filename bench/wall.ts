/**
 * Wall soak: headless Chromium on /wall (the default playlist: overview, pipeline, each stage
 * board, 20 s each) with the sample's simulator driving the monitor, for N minutes. A wall runs
 * for days, so what matters is that nothing grows: the JS heap (after a forced GC) after the
 * first minute against the end (target: under 10 % growth), DOM nodes and listeners, how busy
 * the main thread is per second, and frame times (requestAnimationFrame deltas, sampled for
 * a few seconds each minute).
 *   npm run bench -- wall [--minutes 10] [--width 1920 --height 1080 --scale 1] [--screenshot dir]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startSimulatedApp } from './support/wall-app.ts';
import { frameDeltas, openMetrics, percentile, samplePage, type PageSample } from './support/wall-metrics.ts';
import { cpuSeconds } from './support/process-cpu.ts';

const TARGET_GROWTH = 0.1;
const FRAME_SAMPLE_MS = 5_000;

export async function run(argv: string[]): Promise<void> {
	const { values } = parseArgs({
		args: argv,
		options: {
			minutes: { type: 'string', default: '10' },
			width: { type: 'string', default: '1920' },
			height: { type: 'string', default: '1080' },
			scale: { type: 'string', default: '1' },
			screenshot: { type: 'string' }
		}
	});
	const minutes = Number(values.minutes);
	if (!(minutes >= 2)) throw new Error('--minutes: at least 2 (the first minute is the baseline)');
	const dir = mkdtempSync(join(tmpdir(), 'bench-wall-'));
	const cleanup: (() => unknown)[] = [() => rmSync(dir, { recursive: true, force: true })];
	try {
		const app = await startSimulatedApp(join(dir, 'app'));
		cleanup.push(() => app.stop());
		const browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
			headless: true,
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
		});
		cleanup.push(() => browser.close());
		const context = await browser.newContext({ viewport: { width: Number(values.width), height: Number(values.height) }, deviceScaleFactor: Number(values.scale) });
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		console.log(`wall soak: ${minutes} min of /wall at ${values.width}x${values.height} (scale ${values.scale}) in headless Chromium, sample simulator running; monitor ${app.url} (pid ${app.pid})`);

		await page.goto(`${app.url}/wall`);
		await page.locator('.wall-screen[data-connected="true"]').waitFor({ timeout: 30_000 });
		const cdp = await openMetrics(page);
		const startedAt = Date.now();
		const samples: PageSample[] = [await samplePage(cdp, startedAt)];
		const frames: number[] = [];
		const views = new Set<string>();
		// Heap by the view on screen at each minute mark: boards differ in size, so growth is fairest view against view.
		const heapByView = new Map<string, number[]>();
		const monitorCpuStart = cpuSeconds(app.pid);
		console.log('\n  min   heap MB   nodes  listeners  busy ms/s (script, layout, style)  frames p50/p99 ms  view');
		for (let minute = 1; minute <= minutes; minute++) {
			const due = startedAt + minute * 60_000;
			await sleep(due - FRAME_SAMPLE_MS - 2_000 - Date.now());
			const deltas = await frameDeltas(page, FRAME_SAMPLE_MS);
			frames.push(...deltas);
			await sleep(due - Date.now());
			const s = await samplePage(cdp, startedAt);
			const prev = samples[samples.length - 1];
			samples.push(s);
			const view = (await page.locator('.wall-screen').getAttribute('data-view')) ?? '?';
			views.add(view);
			heapByView.set(view, [...(heapByView.get(view) ?? []), s.heap]);
			const span = s.at - prev.at;
			const busy = (k: 'taskS' | 'scriptS' | 'layoutS' | 'styleS') => (((s[k] - prev[k]) / span) * 1000).toFixed(1);
			console.log(
				`  ${String(minute).padStart(3)}  ${mb(s.heap).padStart(8)}  ${String(s.nodes).padStart(6)}  ${String(s.listeners).padStart(9)}  ` +
					`${busy('taskS').padStart(9)} (${busy('scriptS')}, ${busy('layoutS')}, ${busy('styleS')})`.padEnd(37) +
					`  ${percentile(deltas, 50).toFixed(1).padStart(6)} / ${percentile(deltas, 99).toFixed(1).padEnd(6)}     ${view}`
			);
			if (values.screenshot && minute === 1) await shoot(page, values.screenshot, 'wall-soak-first-minute');
		}
		if (values.screenshot) await shoot(page, values.screenshot, 'wall-soak-end');

		const base = samples[1];
		const end = samples[samples.length - 1];
		const growth = end.heap / base.heap - 1;
		const span = end.at - base.at;
		const busyMs = ((end.taskS - base.taskS) / span) * 1000;
		const heaps = samples.slice(1).map((s) => s.heap);
		const monitorCpu = (cpuSeconds(app.pid) - monitorCpuStart) / ((Date.now() - startedAt) / 1000);
		console.log(`\nviews shown at the minute marks: ${[...views].join(', ')}; page errors: ${errors.length ? errors.join(' | ') : 'none'}`);
		console.log(`heap after GC: ${mb(base.heap)} MB after minute 1, ${mb(end.heap)} MB at minute ${minutes} (min ${mb(Math.min(...heaps))}, max ${mb(Math.max(...heaps))}); DOM nodes ${base.nodes} -> ${end.nodes}, listeners ${base.listeners} -> ${end.listeners}`);
		const sameView = [...heapByView].filter(([, hs]) => hs.length > 1).map(([v, hs]) => `${v} ${mb(hs[0])} -> ${mb(hs[hs.length - 1])} MB`);
		if (sameView.length) console.log(`same view, first and last minute mark it was on screen: ${sameView.join('; ')}`);
		console.log(`monitor process with the simulator in it: ${(monitorCpu * 1000).toFixed(0)} ms CPU/s (for scale: the wall's main thread is the figure above)`);
		console.log(
			`\nsummary wall: heap growth ${(growth * 100).toFixed(1)} % (minute 1 -> ${minutes}); target < ${TARGET_GROWTH * 100} % ${growth < TARGET_GROWTH ? 'PASS' : 'FAIL'} (ratio ${(growth / TARGET_GROWTH).toFixed(2)}); ` +
				`main thread busy ${busyMs.toFixed(1)} ms/s; frames p50 ${percentile(frames, 50).toFixed(1)} ms, p99 ${percentile(frames, 99).toFixed(1)} ms (${frames.length} frames sampled)`
		);
	} finally {
		for (const c of cleanup.reverse()) await c();
	}
}

async function shoot(page: import('playwright-core').Page, dir: string, name: string): Promise<void> {
	mkdirSync(dir, { recursive: true });
	await page.screenshot({ path: join(dir, `${name}.png`) });
}

function mb(bytes: number): string {
	return (bytes / 1_048_576).toFixed(2);
}

function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}
