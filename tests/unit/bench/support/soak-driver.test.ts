import { describe, expect, it } from 'vitest';
import { countByMeasurement, linesPerInstanceSecond, withInstances } from '../../../../bench/support/soak-driver.ts';
import { loadConfig } from '../../../../src/lib/server/config/index.ts';
import { emitLines, FlowModel, loadScenario, seededRandom } from '../../../../src/lib/server/simulator/index.ts';

const config = loadConfig('samples/vaccine-2021/monitor.yaml');
const scenario = loadScenario('samples/vaccine-2021/scenarios/opening-surge.yaml');

describe('the soak driver load', () => {
	it('gives every component the asked number of distinct instances', () => {
		const many = withInstances(config, 250);
		for (const c of many.components) {
			expect(c.instances).toHaveLength(250);
			expect(new Set(c.instances).size).toBe(250);
		}
		expect(config.components[0].instances).toHaveLength(4); // the sample itself is untouched
	});

	it('predicts the points per second the flow model sends for that many instances', () => {
		const perInstance = linesPerInstanceSecond(config, scenario);
		const lines = emitLines(new FlowModel(withInstances(config, 50), scenario).step(120_000), 0, seededRandom(7));
		expect(lines).toHaveLength(perInstance * 50);
	});

	it('sends each point once: no two lines share measurement, tags and time', () => {
		const lines = emitLines(new FlowModel(withInstances(config, 20), scenario).step(0), 1_000, seededRandom(7));
		const keys = lines.map((l) => l.slice(0, l.indexOf(' ')));
		expect(new Set(keys).size).toBe(lines.length);
	});

	it('counts lines by measurement', () => {
		expect(Object.fromEntries(countByMeasurement(['traffic,component=a rps=1 1', 'errors,component=a count=1i 1', 'traffic,component=b rps=2 1']))).toEqual({ traffic: 2, errors: 1 });
	});
});
