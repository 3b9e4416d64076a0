import { describe, expect, it } from 'vitest';
import { chartDateFormatter } from '../../../../src/lib/charts/time-format.ts';

// uPlot hands the formatter a Date already shifted into the config's zone: its local fields are what to show.
const at = new Date(2021, 7, 9, 20, 0, 5, 250);

// uPlot's own stamp templates (uPlot.esm.js, _timeAxisStamps) and what each language shows for them.
const cases: [string, string, string][] = [
	['{YYYY}', '2021', '2021년'],
	['{MMM}', 'Aug', '8월'],
	['{M}/{D}', '9 Aug', '8월 9일'],
	['{h}{aa}', '20:00', '20:00'],
	['{h}:{mm}{aa}', '20:00', '20:00'],
	[':{ss}', ':05', ':05'],
	[':{ss}.{fff}', ':05.250', ':05.250'],
	['\n{M}/{D}', '\n9 Aug', '\n8월 9일'],
	['\n{M}/{D}/{YY} {h}:{mm}{aa}', '\n9 Aug 2021, 20:00', '\n2021년 8월 9일 20:00']
];

describe('chartDateFormatter', () => {
	it.each(cases)('formats the template %j as %j in English and %j in Korean', (tpl, en, ko) => {
		expect(chartDateFormatter(tpl, 'en')(at)).toBe(en);
		expect(chartDateFormatter(tpl, 'ko')(at)).toBe(ko);
	});
});
