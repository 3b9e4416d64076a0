import { describe, expect, it } from 'vitest';
import { RecentWindow } from '../../../../src/lib/server/live/recent-window.ts';

describe('RecentWindow', () => {
	it('keeps every series and second apart, across blocks of series and around the ring', () => {
		const w = new RecentWindow(10);
		const series = Array.from({ length: 600 }, () => w.addSeries());
		const value = (s: number, t: number) => s * 1000 + t;
		// 25 seconds through a 10 s ring: each slot is reused twice.
		for (let t = 100; t < 125; t++) {
			w.advance(t);
			for (const s of series) if (s % 7 !== t % 7) w.set(s, t, value(s, t));
		}
		for (const s of [0, 1, 255, 256, 257, 511, 512, 599]) {
			for (let t = 115; t < 125; t++) expect(w.get(s, t)).toBe(s % 7 === t % 7 ? NaN : value(s, t));
			expect(w.get(s, 114), 'a second that fell out of the window').toBeNaN();
			expect(w.get(s, 125), 'a second not yet reached').toBeNaN();
		}
	});

	it('clears the slots it moves onto, also when jumping further than its length', () => {
		const w = new RecentWindow(5);
		const a = w.addSeries();
		w.advance(10);
		for (let t = 6; t <= 10; t++) w.set(a, t, t);
		w.advance(12);
		expect([10, 11, 12].map((t) => w.get(a, t))).toEqual([10, NaN, NaN]);
		w.advance(40);
		for (let t = 36; t <= 40; t++) expect(w.get(a, t)).toBeNaN();
	});

	it('gives the hot path the same cells as get and set', () => {
		const w = new RecentWindow(30, 'f32');
		for (let i = 0; i < 300; i++) w.addSeries();
		w.advance(1000);
		w.blockOf(299)[w.prepare(299, 990, w.slotOf(990))] = 0.5;
		expect(w.get(299, 990)).toBe(0.5);
		expect(w.get(43, 990), 'the series at the same offset of the first block').toBeNaN();
		expect(w.get(298, 990), 'its neighbour in the same block and second').toBeNaN();
		expect(w.get(299, 1000 - 30 + 990 - 990), 'a second the slot does not hold').toBeNaN();
	});

	it('reads a late second written after the head moved on, and never a value from a lap before', () => {
		const w = new RecentWindow(10);
		const a = w.addSeries();
		w.advance(100);
		w.set(a, 95, 1);
		w.advance(103);
		w.set(a, 96, 2); // late, still covered
		expect([95, 96, 97, 103].map((t) => w.get(a, t))).toEqual([1, 2, NaN, NaN]);
		w.advance(105);
		expect(w.get(a, 95), 'fell out').toBeNaN();
		w.set(a, 105, 3); // same slot as 95
		expect([96, 105].map((t) => w.get(a, t))).toEqual([2, 3]);
		// A series added later shares the block's stamped slots but not their values.
		const b = w.addSeries();
		expect([96, 105].map((t) => w.get(b, t))).toEqual([NaN, NaN]);
	});

	it('takes the memory of new blocks a little each second, without changing what it holds', () => {
		const w = new RecentWindow(900);
		for (let i = 0; i < 10 * RecentWindow.BLOCK; i++) w.addSeries();
		w.advance(1000);
		w.set(5, 1000, 42);
		const total = 10 * RecentWindow.BLOCK * 900 * 8;
		expect(total).toBeGreaterThan(16 * 1024 * 1024 + 1024 * 1024);
		// The first advance already warmed its share.
		const left = w.coldBytes;
		expect(left).toBe(Math.max(0, total - 16 * 1024 * 1024));
		w.warm(1024 * 1024);
		expect(w.coldBytes).toBe(Math.max(0, left - 1024 * 1024));
		for (let s = 1001; w.coldBytes > 0 && s < 1100; s++) w.advance(s);
		expect(w.coldBytes).toBe(0);
		expect(w.get(5, 1000)).toBe(42);
		expect(w.get(6, 1000)).toBeNaN();
	});

	it('reports the memory it holds, a block of series at a time', () => {
		const w = new RecentWindow(60);
		expect(w.bytes).toBe(0);
		w.addSeries();
		expect(w.bytes).toBe(RecentWindow.BLOCK * 60 * 8);
		for (let i = 1; i <= RecentWindow.BLOCK; i++) w.addSeries();
		expect(w.bytes).toBe(2 * RecentWindow.BLOCK * 60 * 8);
		expect(RecentWindow.bytesFor(RecentWindow.BLOCK + 1, 60)).toBe(w.bytes);
		expect(RecentWindow.bytesFor(10, 60, 'f32')).toBe(RecentWindow.BLOCK * 60 * 4);
	});
});
