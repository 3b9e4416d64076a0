import { describe, expect, it } from 'vitest';
import { MAX_MINUTES, parseSoakOptions, SoakOptionError } from '../../../../bench/support/soak-options.ts';

const refused: [string[], RegExp][] = [
	[['--minutes', '61'], /--minutes "61": give a whole number from 2 to 60/],
	[['--minutes', '1'], /--minutes "1": .* warm-up/],
	[['--minutes', '2.5'], /--minutes "2.5"/],
	[['--minutes', 'ten'], /--minutes "ten"/],
	[['--clients', '0'], /--clients "0": give a whole number from 1 to 2000/],
	[['--rate', '1000000'], /--rate "1000000"/],
	[['--minutes', '3', '--warmup', '3'], /--warmup "3": .* from 1 to 2 .*measured minute/],
	[['--hours', '1'], /Unknown option '--hours'/]
];

describe('parseSoakOptions', () => {
	it('runs ten minutes with 300 clients at 5,000 points/s and two minutes of warm-up by default', () => {
		expect(parseSoakOptions([])).toEqual({ minutes: 10, warmup: 2, clients: 300, rate: 5000, batch: 1000, workers: 4 });
	});

	it('warms up one minute when the run is short', () => {
		expect(parseSoakOptions(['--minutes', '2']).warmup).toBe(1);
		expect(parseSoakOptions(['--minutes', '4']).warmup).toBe(1);
		expect(parseSoakOptions(['--minutes', '5']).warmup).toBe(2);
	});

	it(`accepts up to ${MAX_MINUTES} minutes, and no more`, () => {
		expect(parseSoakOptions(['--minutes', String(MAX_MINUTES)]).minutes).toBe(MAX_MINUTES);
		expect(() => parseSoakOptions(['--minutes', String(MAX_MINUTES + 1)])).toThrow(SoakOptionError);
	});

	it.each(refused)('refuses %j and names the option and its bounds', (argv, message) => {
		expect(() => parseSoakOptions(argv)).toThrow(message);
	});

	it('ends every refusal with the usage line', () => {
		expect(() => parseSoakOptions(['--clients', '-1'])).toThrow(/usage: npm run soak -- \[--minutes 10\]/);
	});
});
